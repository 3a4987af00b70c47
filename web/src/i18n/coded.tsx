import { Trans } from 'react-i18next';

/**
 * A translated text whose parameter names, macros and other codes are marked `<c>…</c>` in the JSON:
 * they are shown as code, the same in every language.
 */
export function Coded({
  k,
  values,
  defaults,
}: {
  k: string;
  values?: Record<string, unknown>;
  defaults?: string;
}) {
  return <Trans i18nKey={k} values={values} defaults={defaults} components={{ c: <code /> }} />;
}
