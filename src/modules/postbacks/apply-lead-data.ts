import type { Tx } from '../../db/database.js';
import type { RowUpdate } from '../../db/schema.js';
import { isCountryCode } from '../../lib/countries.js';
import { normaliseIp } from '../../lib/ip.js';
import { changeLead, type LeadRow, type NewLead } from '../leads/queries.js';
import type { LeadData } from './dialects.js';

/**
 * Buyer data and tags from a postback (seed 003) onto the lead: name, phone and email as sent
 * (no correction), a comment, GEO and IP when they are valid, meta[xxx] fields and tags merged over
 * the lead's (tags replace the click's). Returns the names of the fields that changed and the lead
 * as it is now.
 */
export async function applyLeadData(
  tx: Tx,
  lead: LeadRow,
  data: LeadData,
  now: string,
  /** The lead is not written yet (record-conversion-event.ts EventLead.unsaved): change this row. */
  unsaved?: NewLead,
): Promise<{ fields: string[]; lead: LeadRow }> {
  const changes: RowUpdate<'leads'> = {};
  const changed: string[] = [];
  const set = <K extends 'name' | 'phone' | 'email' | 'comment' | 'country' | 'ip'>(
    column: K,
    field: string,
    value: string | undefined,
  ) => {
    if (value !== undefined && value !== lead[column]) {
      changes[column] = value;
      changed.push(field);
    }
  };
  set('name', 'name', data.name);
  set('phone', 'phone', data.phone);
  set('email', 'email', data.email);
  set('comment', 'comment', data.comment);
  const geo = data.geo?.toUpperCase();
  set('country', 'geo', geo && isCountryCode(geo) ? geo : undefined);
  set('ip', 'ip', normaliseIp(data.ip));
  const merge = (column: 'meta' | 'tags', extra: Record<string, string>) => {
    const current = JSON.parse(lead[column]) as Record<string, string>;
    const keys = Object.keys(extra).filter((k) => current[k] !== extra[k]);
    if (keys.length === 0) return;
    changes[column] = JSON.stringify({ ...current, ...extra });
    changed.push(...keys.map((k) => (column === 'meta' ? `meta[${k}]` : k)));
  };
  merge('meta', data.meta);
  merge('tags', data.tags);
  if (changed.length === 0) return { fields: changed, lead };
  if (unsaved) {
    Object.assign(unsaved, changes, { updated_at: now });
    return { fields: changed, lead: { ...lead, ...changes, updated_at: now } as LeadRow };
  }
  const updated = await changeLead(tx, lead, { ...changes, updated_at: now });
  return { fields: changed, lead: updated ?? lead };
}
