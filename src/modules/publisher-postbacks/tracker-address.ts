/**
 * Where a preset postback goes, from the tracker address a publisher types or pastes: a host (and
 * port), an optional path — Keitaro's postback address carries its key there,
 * `https://tracker.example/<key>/postback` — and an optional scheme, https unless `http://` is
 * written. The tracker's whole postback address may be pasted: the preset's own path at its end
 * (`/postback`) is dropped, since the preset adds it. No query: the preset writes the parameters.
 *
 * Pure (no server imports): the portal's form fills its preview with the same function.
 */

/** Every preset template starts with this; the rest is the tracker's path and our parameters. */
export const PRESET_ADDRESS = 'https://{domain}';

/**
 * Why a typed address will not do, as a stable code beside the English `problem` (the web app says
 * `common.postbackCheck.address.<code>` in the reader's language): `query` (a `?…` or `#…` was
 * typed), `host` (not a host with an optional path), `template` (not a preset template: our bug).
 */
export type PresetUrlProblem = 'query' | 'host' | 'template';

export type PresetUrl = { ok: true; url: string } | { ok: false; problem: string; code: PresetUrlProblem };

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const ADDRESS = new RegExp(
  `^(?:(https?)://)?((?=[^/]{1,253}(?:/|$))${LABEL}(?:\\.${LABEL})*(?::\\d{1,5})?)((?:/[a-z0-9._~-]+)*)/?$`,
  'i',
);

/** The preset's template filled with the publisher's tracker address, or why the address will not do. */
export function presetUrl(template: string, typed: string): PresetUrl {
  if (!template.startsWith(PRESET_ADDRESS))
    return { ok: false, problem: 'not a preset template', code: 'template' };
  const address = typed.trim();
  if (/[?#]/.test(address)) {
    return {
      ok: false,
      problem: 'give the tracker address without ?… — the preset adds the parameters',
      code: 'query',
    };
  }
  const match = ADDRESS.exec(address);
  if (!match) {
    return {
      ok: false,
      problem: 'a host such as tracker.example.com, optionally with a path such as /<postback key>',
      code: 'host',
    };
  }
  const [, scheme = 'https', host = '', typedPath = ''] = match;
  const rest = template.slice(PRESET_ADDRESS.length);
  const presetPath = rest.split('?')[0] ?? '';
  const path =
    presetPath !== '' && typedPath.toLowerCase().endsWith(presetPath.toLowerCase())
      ? typedPath.slice(0, typedPath.length - presetPath.length)
      : typedPath;
  return { ok: true, url: `${scheme.toLowerCase()}://${host}${path}${rest}` };
}
