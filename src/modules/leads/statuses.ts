import type { LeadStatus } from '../../db/schema.js';

export const LEAD_STATUSES: readonly LeadStatus[] = [
  'processing',
  'hold',
  'approved',
  'cancelled',
  'wrong_number',
  'spam',
  'duplicate',
  'test',
  'chargedback',
];

export function isLeadStatus(value: string): value is LeadStatus {
  return (LEAD_STATUSES as readonly string[]).includes(value);
}
