import type { AppContext } from '../../context.js';
import { ValidationError } from '../../lib/errors.js';
import { formatAmount } from '../../lib/money.js';
import { csvDocument } from '../../lib/spreadsheet.js';
import { SUB_KEYS } from '../../lib/sub-keys.js';

/**
 * Seed 004 "let your tracker pull conversions": one publisher's conversions, one row each, in the
 * order of their last change and paged by (updated_at, id). A conversion whose status changes
 * moves to the end and comes again with its new status, so a tracker that keeps the cursor and
 * pulls on a schedule sees every conversion and every change, and matches each by its id.
 */

export const FEED_DEFAULT_LIMIT = 100;
export const FEED_MAX_LIMIT = 1000;
/**
 * A change is served once it is this old. A change takes its time inside its transaction and
 * becomes visible at commit; two transactions may commit in the other order than their times.
 * Without the wait, a cursor could pass a time whose change was still committing and never see it.
 */
export const FEED_SETTLE_MS = 10_000;

export interface FeedCursor {
  at: string;
  id: string;
}

export interface FeedQuery {
  publisherId: number;
  offerId?: number;
  /** Inclusive lower bound on the last change, ISO-8601 UTC. */
  since?: string;
  /** Exclusive upper bound on the last change; capped at now − FEED_SETTLE_MS. */
  until?: string;
  after?: FeedCursor;
  limit: number;
}

export interface ConversionFeedRow {
  id: string;
  click_id: string | null;
  offer_id: string;
  goal: string | null;
  /** The ingest event (sale, rebill, lead, trial); null for a lead's status conversion. */
  event: string | null;
  status: string;
  payout: string;
  currency: string;
  /** What postbacks send as {txid}: the payment id, else the lead id. */
  txid: string;
  payment_id: string | null;
  sub1: string | null;
  sub2: string | null;
  sub3: string | null;
  sub4: string | null;
  sub5: string | null;
  sub6: string | null;
  sub7: string | null;
  sub8: string | null;
  sub9: string | null;
  sub10: string | null;
  created_at: string;
  updated_at: string;
}

export interface FeedPage {
  data: ConversionFeedRow[];
  /** Where the next pull starts: after the last row, or the cursor given when no row came. */
  next_cursor: string | null;
  has_more: boolean;
  since: string | null;
  until: string;
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** A day (its UTC midnight) or an instant with its zone, as ISO-8601 UTC; 422 otherwise. */
export function parseInstant(text: string, field: string): string {
  const match = INSTANT.exec(text);
  const ms = Date.parse(text);
  if (match && !Number.isNaN(ms)) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const day = new Date(Date.UTC(y, m - 1, d));
    if (day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d) {
      return new Date(ms).toISOString();
    }
  }
  throw new ValidationError(
    `${field} must be a day (2026-06-01) or an instant with its zone (2026-06-01T10:00:00Z)`,
    field,
    'instant_invalid',
  );
}

const STORED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ROW_ID = /^[0-9A-Za-z]{1,64}$/;

export function encodeCursor(cursor: FeedCursor): string {
  return Buffer.from(`${cursor.at}~${cursor.id}`, 'utf8').toString('base64url');
}

/** A cursor this API gave; anything else is 422 (it carries a position, never a publisher). */
export function decodeCursor(text: string): FeedCursor {
  const [at = '', id = '', ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('~');
  if (rest.length > 0 || !STORED_TIME.test(at) || !ROW_ID.test(id)) {
    throw new ValidationError('cursor is not one this API gave', 'cursor', 'cursor_invalid');
  }
  return { at, id };
}

/** One page of the publisher's conversions (test conversions left out), oldest change first. */
export async function conversionFeed(ctx: AppContext, query: FeedQuery): Promise<FeedPage> {
  const settled = new Date(ctx.clock.now().getTime() - FEED_SETTLE_MS).toISOString();
  const until = query.until && query.until < settled ? query.until : settled;
  let select = ctx.db
    .selectFrom('conversions as v')
    .innerJoin('leads as l', 'l.id', 'v.lead_id')
    .select([
      'v.id',
      'v.click_id',
      'v.offer_id',
      'v.goal',
      'v.event',
      'v.status',
      'v.pub_payout',
      'v.currency',
      'v.external_payment_id',
      'v.lead_id',
      'l.sub1',
      'l.sub2',
      'l.sub3',
      'l.sub4',
      'l.sub5',
      'l.sub6',
      'l.sub7',
      'l.sub8',
      'l.sub9',
      'l.sub10',
      'v.created_at',
      'v.updated_at',
    ])
    .where('v.publisher_id', '=', query.publisherId)
    .where('v.status', '!=', 'test')
    .where('v.updated_at', '<', until);
  if (query.offerId !== undefined) select = select.where('v.offer_id', '=', query.offerId);
  if (query.since) select = select.where('v.updated_at', '>=', query.since);
  const after = query.after;
  if (after) {
    select = select.where((eb) =>
      eb.or([
        eb('v.updated_at', '>', after.at),
        eb.and([eb('v.updated_at', '=', after.at), eb('v.id', '>', after.id)]),
      ]),
    );
  }
  const rows = await select
    .orderBy('v.updated_at')
    .orderBy('v.id')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => ({
      id: r.id,
      click_id: r.click_id,
      offer_id: String(r.offer_id),
      goal: r.goal,
      event: r.event,
      status: r.status,
      payout: formatAmount(Number(r.pub_payout), r.currency),
      currency: r.currency,
      txid: r.external_payment_id ?? r.lead_id,
      payment_id: r.external_payment_id,
      sub1: r.sub1,
      sub2: r.sub2,
      sub3: r.sub3,
      sub4: r.sub4,
      sub5: r.sub5,
      sub6: r.sub6,
      sub7: r.sub7,
      sub8: r.sub8,
      sub9: r.sub9,
      sub10: r.sub10,
      created_at: r.created_at,
      updated_at: r.updated_at,
    })),
    next_cursor: last
      ? encodeCursor({ at: last.updated_at, id: last.id })
      : after
        ? encodeCursor(after)
        : null,
    has_more: rows.length > query.limit,
    since: query.since ?? null,
    until,
  };
}

export const FEED_CSV_COLUMNS = [
  'id',
  'click_id',
  'offer_id',
  'goal',
  'event',
  'status',
  'payout',
  'currency',
  'txid',
  'payment_id',
  ...SUB_KEYS,
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof ConversionFeedRow)[];

export function conversionFeedCsv(rows: readonly ConversionFeedRow[]): string {
  return csvDocument(
    FEED_CSV_COLUMNS,
    rows.map((r) => FEED_CSV_COLUMNS.map((c) => r[c])),
  );
}
