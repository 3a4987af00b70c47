import { currentLocale, i18next, tr } from './index';

/**
 * A text the server wrote for people (a Postback Log "why", …) in the reader's language. The server
 * keeps its English text (API users and logs read it) next to a stable code (for the Postback Log the
 * answer code it already stores); the web app says the code's sentence from messages.json
 * (`messages.<area>.<code>`), and falls back to the stored English for a code it does not know.
 * The text is plain: the `<c>` marks around values are dropped (the ServerText component in
 * coded.tsx shows them as code).
 */
export function serverText(
  area: string,
  code: string | null | undefined,
  stored: string,
  params?: Record<string, unknown>,
): { text: string; translated: boolean } {
  if (!code || currentLocale() === 'en') return { text: stored, translated: false };
  const key = `messages.${area}.${code}`;
  if (!i18next.exists(key)) return { text: stored, translated: false };
  return { text: tr(key, params).replace(/<\/?c>/g, ''), translated: true };
}
