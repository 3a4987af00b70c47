import { ValidationError } from '../../lib/errors.js';
import { SUB_KEYS } from '../../lib/sub-keys.js';
import { placeholdersIn } from '../../lib/template.js';

/** Variables a payload template may use (seed 000, "Available template variables"). */
export const TEMPLATE_VARIABLES = [
  'name',
  'phone',
  'email',
  'country',
  'ip',
  'click_id',
  'adv_offer_id',
  'offer_id',
  'offer_name',
  'auth_key',
  ...SUB_KEYS,
  'comment',
  'address',
  'timestamp',
] as const;

const KNOWN: ReadonlySet<string> = new Set(TEMPLATE_VARIABLES);

/** A template is checked when the advertiser is saved, so a typo never reaches a push. */
export function assertKnownTemplateVariables(template: unknown, field: string): void {
  const unknown = placeholdersIn(template).filter((name) => !KNOWN.has(name));
  if (unknown.length > 0) {
    throw new ValidationError(
      `${field} uses unknown variable${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `{${u}}`).join(', ')}; known: ${TEMPLATE_VARIABLES.map((v) => `{${v}}`).join(' ')}`,
      field,
      'unknown_variable',
    );
  }
}
