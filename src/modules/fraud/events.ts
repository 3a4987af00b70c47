import { type Static, Type } from '@sinclair/typebox';
import { type SelectQueryBuilder, sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/schema.js';
import { Nullable, Pagination, TextParams } from '../../http/schemas.js';

const NumericId = Type.String({ pattern: '^[0-9]{1,15}$' });
const DateOrTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+Z?)?$',
  description: 'YYYY-MM-DD (UTC day) or an ISO-8601 UTC time',
});

export const EVENT_KINDS = ['click', 'lead', 'ip_block', 'pixel'] as const;
const CLICK_RULES = ['ip_blocked', 'bot_ua', 'ip_velocity'];
/** Word for word the predicate of the partial index clicks_fraud_created (migration 0013). */
const CLICK_FRAUD_REASONS_SQL = "('ip_blocked', 'bot_ua', 'ip_velocity')";
/** Pixel refusals by their rule name, and their postback log code. */
const PIXEL_RULES: Record<string, string> = { pixel_limit: 'pixel-limit', pixel_bad_sig: 'bad-sig' };
/** Word for word the predicate of the partial index postback_log_pixel_fraud (migration 0017). */
const PIXEL_FRAUD_SQL = "endpoint = 'pixel' and answer_code in ('pixel-limit', 'bad-sig')";

export const FraudEventQuery = Type.Object(
  {
    ...Pagination,
    rule: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
    kind: Type.Optional(Type.Union(EVENT_KINDS.map((k) => Type.Literal(k)))),
    ip: Type.Optional(Type.String({ maxLength: 64 })),
    offer_id: Type.Optional(NumericId),
    publisher_id: Type.Optional(NumericId),
    from: Type.Optional(DateOrTime),
    to: Type.Optional(DateOrTime),
  },
  { additionalProperties: false },
);
export type FraudEventQuery = Static<typeof FraudEventQuery>;

export const FraudEvent = Type.Object({
  kind: Type.Union(
    EVENT_KINDS.map((k) => Type.Literal(k)),
    { description: 'click (rejected), lead (spam/duplicate), ip_block (manual) or pixel (refused pixel)' },
  ),
  id: Type.String({ description: 'the click, lead or blocked-IP id; for a pixel, its postback log id' }),
  created_at: Type.String(),
  rule: Type.String({
    description:
      'bot_ua, ip_blocked, ip_velocity, duplicate_phone, …, manual_block, pixel_limit or pixel_bad_sig',
  }),
  ip: Nullable(Type.String()),
  offer_id: Nullable(Type.String()),
  publisher_id: Nullable(Type.String()),
  detail: Nullable(
    Type.String({
      description: "user agent, phone/email or block reason; for a pixel, the server's English",
    }),
  ),
  code: Nullable(
    Type.String({
      description:
        "set when `detail` is a sentence the server wrote (a refused pixel: pixel_limit, pixel_bad_sig), which the web app says in the reader's language; null when `detail` is data",
    }),
  ),
  params: TextParams,
});

/** A refused pixel's detail is the server's sentence: said by its rule, with the offer it names. */
function codeOf(r: Pick<EventRow, 'kind' | 'rule' | 'offer_id'>): {
  code: string | null;
  params: TextParams;
} {
  if (r.kind !== 'pixel') return { code: null, params: {} };
  return { code: r.rule, params: r.offer_id === null ? {} : { offer_id: String(r.offer_id) } };
}

export interface FraudEventFilter {
  rule?: string;
  kind?: (typeof EVENT_KINDS)[number];
  ip?: string;
  offerId?: number;
  publisherId?: number;
  from?: string;
  to?: string;
  /** Only events at or before this time (an export's next chunk, read on each source's index). */
  until?: string;
}

export interface EventRow {
  kind: string;
  id: string;
  created_at: string;
  rule: string;
  ip: string | null;
  offer_id: number | null;
  publisher_id: number | null;
  detail: string | null;
}

// biome-ignore lint/suspicious/noExplicitAny: the three sources share the EventRow columns
type Source = SelectQueryBuilder<Database, any, EventRow>;

// biome-ignore lint/suspicious/noExplicitAny: any of the three sources
function withCommon<Q extends SelectQueryBuilder<Database, any, EventRow>>(
  query: Q,
  f: FraudEventFilter,
  columns: { ip: string; offer: string | null; publisher: string | null; created?: string },
): Q {
  let q = query;
  const where = (column: string, value: unknown) =>
    // biome-ignore lint/suspicious/noExplicitAny: column names come from this file only
    (q = (q as any).where(sql.ref(column), '=', value));
  if (f.ip) where(columns.ip, f.ip);
  if (f.offerId !== undefined && columns.offer) where(columns.offer, f.offerId);
  if (f.publisherId !== undefined && columns.publisher) where(columns.publisher, f.publisherId);
  const created = columns.created ?? 'created_at';
  // biome-ignore lint/suspicious/noExplicitAny: see above
  if (f.from) q = (q as any).where(sql.ref(created), '>=', f.from);
  // biome-ignore lint/suspicious/noExplicitAny: see above
  if (f.to) q = (q as any).where(sql.ref(created), '<', f.to);
  // biome-ignore lint/suspicious/noExplicitAny: see above
  if (f.until) q = (q as any).where(sql.ref(created), '<=', f.until);
  return q;
}

/**
 * The four sources of fraud events, each filtered on its own index: clicks rejected by a fraud rule
 * (reject_reason, no extra write on the click path), leads a rule made spam or duplicate
 * (fraud_rule), the manual blocklist, and pixels refused over the per-click limit or with a wrong
 * signature (their postback log rows; the publisher is the click's).
 */
function sources(ctx: AppContext, f: FraudEventFilter): Source[] {
  const wants = (kind: string) => !f.kind || f.kind === kind;
  const list: Source[] = [];
  if (wants('click') && (!f.rule || CLICK_RULES.includes(f.rule))) {
    let q = ctx.db
      .selectFrom('clicks')
      .select([
        sql<string>`'click'`.as('kind'),
        'id',
        'created_at',
        sql<string>`reject_reason`.as('rule'),
        sql<string | null>`ip`.as('ip'),
        'offer_id',
        'publisher_id',
        sql<string | null>`user_agent`.as('detail'),
      ])
      // The same literal list as the partial index, so both engines use it.
      .where(sql<boolean>`reject_reason in ${sql.raw(CLICK_FRAUD_REASONS_SQL)}`);
    if (f.rule) q = q.where('reject_reason', '=', f.rule);
    list.push(withCommon(q, f, { ip: 'ip', offer: 'offer_id', publisher: 'publisher_id' }));
  }
  if (wants('lead') && f.rule !== 'manual_block') {
    let q = ctx.db
      .selectFrom('leads')
      .select([
        sql<string>`'lead'`.as('kind'),
        'id',
        'created_at',
        sql<string>`fraud_rule`.as('rule'),
        'ip',
        'offer_id',
        'publisher_id',
        sql<string | null>`coalesce(phone, email)`.as('detail'),
      ])
      .where(sql<boolean>`fraud_rule is not null`);
    if (f.rule) q = q.where('fraud_rule', '=', f.rule);
    list.push(withCommon(q, f, { ip: 'ip', offer: 'offer_id', publisher: 'publisher_id' }));
  }
  const noParty = f.offerId === undefined && f.publisherId === undefined;
  if (wants('ip_block') && noParty && (!f.rule || f.rule === 'manual_block')) {
    const q = ctx.db
      .selectFrom('blocked_ips')
      .select([
        sql<string>`'ip_block'`.as('kind'),
        sql<string>`cast(id as text)`.as('id'),
        'created_at',
        sql<string>`'manual_block'`.as('rule'),
        sql<string | null>`value`.as('ip'),
        sql<number | null>`cast(null as integer)`.as('offer_id'),
        sql<number | null>`cast(null as integer)`.as('publisher_id'),
        sql<string | null>`reason`.as('detail'),
      ]);
    list.push(withCommon(q, f, { ip: 'value', offer: null, publisher: null }));
  }
  if (wants('pixel') && (!f.rule || Object.hasOwn(PIXEL_RULES, f.rule))) {
    let q = ctx.db
      .selectFrom('postback_log as l')
      .leftJoin('clicks as c', 'c.id', 'l.click_id')
      .select([
        sql<string>`'pixel'`.as('kind'),
        'l.id as id',
        'l.created_at as created_at',
        sql<string>`case when l.answer_code = 'bad-sig' then 'pixel_bad_sig' else 'pixel_limit' end`.as(
          'rule',
        ),
        sql<string | null>`l.ip`.as('ip'),
        'l.offer_id as offer_id',
        'c.publisher_id as publisher_id',
        sql<string | null>`l.message`.as('detail'),
      ])
      // The same predicate as the partial index, so both engines use it.
      .where(sql<boolean>`${sql.raw(PIXEL_FRAUD_SQL.replace(/(endpoint|answer_code)/g, 'l.$1'))}`);
    if (f.rule) q = q.where('l.answer_code', '=', PIXEL_RULES[f.rule] as string);
    list.push(
      withCommon(q, f, {
        ip: 'l.ip',
        offer: 'l.offer_id',
        publisher: 'c.publisher_id',
        created: 'l.created_at',
      }),
    );
  }
  return list;
}

function union(ctx: AppContext, f: FraudEventFilter) {
  const [first, ...rest] = sources(ctx, f);
  if (!first) return undefined;
  return ctx.db.selectFrom(rest.reduce((acc, q) => acc.unionAll(q), first).as('e'));
}

/** One event as the API shows it (ids as text). */
export function presentFraudEvent(r: EventRow) {
  return {
    // Each branch of the union above selects one of EVENT_KINDS as a literal.
    kind: r.kind as (typeof EVENT_KINDS)[number],
    id: String(r.id),
    created_at: r.created_at,
    rule: r.rule,
    ip: r.ip,
    offer_id: r.offer_id === null ? null : String(r.offer_id),
    publisher_id: r.publisher_id === null ? null : String(r.publisher_id),
    detail: r.detail,
    ...codeOf(r),
  };
}

/** Fraud events newest first, with filters and paging. */
export async function listFraudEvents(ctx: AppContext, f: FraudEventFilter, limit: number, offset: number) {
  const all = union(ctx, f);
  if (!all) return { rows: [], total: 0 };
  const [rows, count] = await Promise.all([
    all.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    all.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(presentFraudEvent), total: Number(count.n) };
}

/** Where an export's chunk ended: the last event's time, id and kind (ids of two sources may be equal). */
export interface FraudEventKey {
  created_at: string;
  id: string;
  kind: string;
}

export const fraudEventKey = (r: EventRow): FraudEventKey => ({
  created_at: r.created_at,
  id: String(r.id),
  kind: r.kind,
});

/**
 * The export's pages: the list's order (newest first) with the kind as a last tie-break, read by
 * keyset after the last event of the chunk before, never OFFSET. Each source reads only up to that
 * event's time on its own index, so a chunk costs the same at the millionth row as at the first.
 * `ids` keeps only those events among the matches.
 */
export async function fraudEventsAfter(
  ctx: AppContext,
  f: FraudEventFilter,
  ids: string[] | undefined,
  after: FraudEventKey | undefined,
  limit: number,
): Promise<EventRow[]> {
  const all = union(ctx, after ? { ...f, until: after.created_at } : f);
  if (!all) return [];
  let q = all.selectAll();
  if (ids) q = q.where('id', 'in', ids.length > 0 ? ids : ['']);
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', after.created_at),
        eb.and([
          eb('created_at', '=', after.created_at),
          eb.or([eb('id', '<', after.id), eb.and([eb('id', '=', after.id), eb('kind', '<', after.kind)])]),
        ]),
      ]),
    );
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .orderBy('kind', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, id: String(r.id) }));
}
