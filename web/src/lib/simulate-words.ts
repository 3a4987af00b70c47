import { tr } from '../i18n';
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
