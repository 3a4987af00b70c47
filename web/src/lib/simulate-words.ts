import { tr } from '../i18n';
import { serverText } from '../i18n/server-text';
import { REJECT_REASONS } from './click-filters';

/** The click checks simulate answers with (src/modules/clicks/record-click.ts `check`). */
const CHECKS = [
  'target',
  'ip_blocked',
  'bot_ua',
  'ip_velocity',
  'datacenter_ip',
  'geo_mismatch',
  'daily_cap',
  'cap',
];

/** A check's name in the reader's language (streams.check.<code>); an unknown code as it came. */
export function checkName(check: string): string {
  return CHECKS.includes(check) ? tr(`streams.check.${check}`) : check;
}

/**
 * Why a simulated click would be refused (the click refusal reason: `bot_ua`, `cap_reached`…) in the
 * reader's language, as the Clicks screen says it; an unknown code as it came.
 */
export function refusalName(reason: string | null | undefined): string {
  if (!reason) return '';
  return REJECT_REASONS[reason] ?? reason;
}

/**
 * A stream that matched but whose arms could not take the visitor, in the reader's language: each
 * arm's reason by its code (`messages.streamArm.<code>`, the offer it names); the server's English
 * note when it sent no codes or a code the web does not know.
 */
export function streamNote(s: {
  note?: string;
  note_reasons?: { code: string; params: Record<string, string | number> }[];
}): string | undefined {
  if (!s.note) return undefined;
  const said = (s.note_reasons ?? []).map((r) => serverText('streamArm', r.code, '', r.params));
  if (said.length === 0 || said.some((r) => !r.translated)) return s.note;
  return tr('messages.streamArm.no_arm', { reasons: said.map((r) => r.text).join('; ') });
}
