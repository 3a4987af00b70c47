import { Trans } from 'react-i18next';
import { tr } from './index';
import { serverText } from './server-text';

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

/**
 * A text the server wrote for people (serverText) in the reader's language, its values marked as
 * code where the sentence marks them (a host, a parameter); the stored English when the code is
 * unknown. With `original`, the server's English follows below (as code: it names ids and answers).
 */
export function ServerText({
  area,
  code,
  stored,
  params,
  original = false,
}: {
  area: string;
  code: string | null | undefined;
  stored: string;
  params?: Record<string, unknown> | null;
  original?: boolean;
}) {
  const said = serverText(area, code, stored, params ?? undefined);
  if (!said.translated) return <>{stored}</>;
  const text = <Coded k={`messages.${area}.${code}`} values={params ?? undefined} />;
  if (!original) return text;
  return (
    <>
      {text}
      <br />
      <small className="muted">
        {tr('messages.original')}: <code>{stored}</code>
      </small>
    </>
  );
}

/**
 * A postback's warnings (parameters that looked like money, a currency or a status and were not
 * used), each said by its code in the reader's language (`messages.postbackWarning`), as a list.
 */
export function PostbackWarnings({
  warnings,
  codes,
}: {
  warnings: string[];
  codes: { code: string; params: Record<string, string | number> }[];
}) {
  return (
    <ul className="warnings">
      {warnings.map((w, i) => (
        <li key={w}>
          <ServerText area="postbackWarning" code={codes[i]?.code} stored={w} params={codes[i]?.params} />
        </li>
      ))}
    </ul>
  );
}
