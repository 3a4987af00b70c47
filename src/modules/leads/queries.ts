import { compiledStatement, statementFamily } from '../../db/compiled-query.js';
import { insertWholeRow, setRowById, updateHeldRow, updateRowById } from '../../db/compiled-writes.js';
import type { DbOrTx } from '../../db/database.js';
import { containsInsensitive, forUpdate } from '../../db/dialect.js';
import type { LeadStatus, NewRow, Row, RowUpdate } from '../../db/schema.js';
import { byText, byValue, orderList, type SortColumns, type SortRequest } from '../../db/sort.js';
import { SUB_KEYS } from '../../lib/sub-keys.js';
import { type AccessScope, inScope } from '../auth/access-scope.js';
import type { LeadSort } from './schemas.js';

/** The leads module owns the leads table; other modules (postbacks, import, pixel) come through here. */
export type LeadRow = Row<'leads'>;
export type NewLead = NewRow<'leads'>;

/**
 * A new lead as the database gives it back once written: the columns it leaves out take their
 * defaults (null, '{}', 0). insertLead writes them too, so the row it returns is the one stored.
 */
export function leadRowOf(row: NewLead): LeadRow {
  return {
    id: row.id as string,
    created_at: row.created_at,
    updated_at: row.updated_at,
    source: row.source,
    click_id: row.click_id ?? null,
    offer_id: row.offer_id,
    advertiser_id: row.advertiser_id,
    publisher_id: row.publisher_id ?? null,
    flow_id: row.flow_id ?? null,
    status: row.status,
    fraud_rule: row.fraud_rule ?? null,
    goal: row.goal ?? null,
    external_id: row.external_id ?? null,
    name: row.name ?? null,
    phone: row.phone ?? null,
    phone_e164: row.phone_e164 ?? null,
    email: row.email ?? null,
    country: row.country ?? null,
    ip: row.ip ?? null,
    user_agent: row.user_agent ?? null,
    address: row.address ?? null,
    comment: row.comment ?? null,
    status_comment: row.status_comment ?? null,
    sub1: row.sub1 ?? null,
    sub2: row.sub2 ?? null,
    sub3: row.sub3 ?? null,
    sub4: row.sub4 ?? null,
    sub5: row.sub5 ?? null,
    sub6: row.sub6 ?? null,
    sub7: row.sub7 ?? null,
    sub8: row.sub8 ?? null,
    sub9: row.sub9 ?? null,
    sub10: row.sub10 ?? null,
    meta: row.meta ?? '{}',
    tags: row.tags ?? '{}',
    push_status: row.push_status,
    push_attempts: row.push_attempts ?? 0,
    adv_lead_id: row.adv_lead_id ?? null,
    pushed_at: row.pushed_at ?? null,
    push_error: row.push_error ?? null,
    push_error_code: row.push_error_code ?? null,
    push_error_params: row.push_error_params ?? null,
    push_maybe_sent: row.push_maybe_sent ?? 0,
  };
}

/** Writes every column (leadRowOf) without `returning *` and gives back that row. */
export function insertLead(db: DbOrTx, lead: NewLead): Promise<LeadRow> {
  return insertWholeRow(db, 'leads', leadRowOf(lead));
}

export function findLead(db: DbOrTx, id: string): Promise<LeadRow | undefined> {
  return leadById.takeFirst(db, { id });
}
// Compiled once: every lead push reads its lead.
const leadById = compiledStatement((db, p: { id: string }) =>
  db.selectFrom('leads').selectAll().where('id', '=', p.id),
);

export function updateLead(
  db: DbOrTx,
  id: string,
  changes: RowUpdate<'leads'>,
): Promise<LeadRow | undefined> {
  return updateRowById(db, 'leads', id, changes);
}

/**
 * Like updateLead for a lead held as it is in this transaction (read under its lock, or written by
 * it): the lead after is `lead` with the changes, not read back (compiled-writes.ts updateHeldRow).
 */
export function changeLead(
  db: DbOrTx,
  lead: LeadRow,
  changes: RowUpdate<'leads'>,
): Promise<LeadRow | undefined> {
  return updateHeldRow(db, 'leads', lead, changes);
}

/** Like updateLead, without reading the lead back (a push's result); true when the lead exists. */
export function setLead(db: DbOrTx, id: string, changes: RowUpdate<'leads'>): Promise<boolean> {
  return setRowById(db, 'leads', id, changes);
}

/** The lead's push may have reached the advertiser already (an attempt was cut off in flight). */
export async function markLeadMaybeSent(db: DbOrTx, id: string, now: string): Promise<void> {
  await db.updateTable('leads').set({ push_maybe_sent: 1, updated_at: now }).where('id', '=', id).execute();
}

/*
 * Postbacks and the ingest API find and change leads through these (conversions module).
 */

/** The lead, locked for the rest of the transaction on PostgreSQL (SQLite has a single writer). */
export function lockLead(tx: DbOrTx, id: string): Promise<LeadRow | undefined> {
  return lockedLeadById.takeFirst(tx, { id });
}

// Compiled once (db/compiled-query.ts): the postback path runs these on every event.
const lockedLeadById = compiledStatement((db, p: { id: string }) =>
  forUpdate(db, db.selectFrom('leads').selectAll().where('id', '=', p.id)),
);
const firstLeadOfClick = compiledStatement((db, p: { clickId: string }) =>
  forUpdate(
    db,
    db
      .selectFrom('leads')
      .selectAll()
      .where('click_id', '=', p.clickId)
      .orderBy('created_at')
      .orderBy('id')
      .limit(1),
  ),
);
const leadOfClickByExternalId = compiledStatement((db, p: { clickId: string; externalId: string }) =>
  forUpdate(
    db,
    db
      .selectFrom('leads')
      .selectAll()
      .where('click_id', '=', p.clickId)
      .where('external_id', '=', p.externalId)
      .orderBy('created_at')
      .orderBy('id')
      .limit(1),
  ),
);

/**
 * A click's lead: the one with the advertiser's lead id when given, else the click's first lead;
 * locked like lockLead, so the caller can change it without reading it again.
 */
export function lockLeadOfClick(
  tx: DbOrTx,
  clickId: string,
  externalId: string | null,
): Promise<LeadRow | undefined> {
  return externalId === null
    ? firstLeadOfClick.takeFirst(tx, { clickId })
    : leadOfClickByExternalId.takeFirst(tx, { clickId, externalId });
}

/** A flow's lead by its unique id (subid / exto) when working without a click id; locked like lockLead. */
export function lockLeadOfFlow(tx: DbOrTx, flowId: number, externalId: string): Promise<LeadRow | undefined> {
  return forUpdate(
    tx,
    tx.selectFrom('leads').selectAll().where('flow_id', '=', flowId).where('external_id', '=', externalId),
  ).executeTakeFirst();
}

/**
 * The advertiser's leads that its network knows by this id: the id its API answered our push with
 * (adv_lead_id) or the one it reported in a postback (external_id). At most two: one is found, two
 * are too many to choose from.
 */
export function leadsByNetworkId(db: DbOrTx, advertiserId: number, networkId: string): Promise<LeadRow[]> {
  return db
    .selectFrom('leads')
    .selectAll()
    .where('advertiser_id', '=', advertiserId)
    .where((eb) => eb.or([eb('adv_lead_id', '=', networkId), eb('external_id', '=', networkId)]))
    .orderBy('id')
    .limit(2)
    .execute();
}

/**
 * Give the advertiser's lead id to the click's first lead that has none yet (a form lead the
 * advertiser now reports with its own id). Undefined when there is no such lead. The UPDATE locks
 * the row it returns.
 */
export async function claimExternalId(
  tx: DbOrTx,
  clickId: string,
  externalId: string,
  now: string,
): Promise<LeadRow | undefined> {
  const candidate = await tx
    .selectFrom('leads')
    .select('id')
    .where('click_id', '=', clickId)
    .where('external_id', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (!candidate) return undefined;
  return tx
    .updateTable('leads')
    .set({ external_id: externalId, updated_at: now })
    .where('id', '=', candidate.id)
    .where('external_id', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

// 37 columns a row: 250 rows stay under SQLite's and PostgreSQL's bound-parameter limits.
const INSERT_CHUNK = 250;
// Few values per lookup: PostgreSQL sums the selectivity of IN-list values, so with stale statistics
// (during a big import) a long list makes its planner scan the offer's leads instead of using the
// (offer_id, phone) index. Twenty keeps the index in every case we measured.
const LOOKUP_CHUNK = 20;

/** Many leads, one statement per chunk. */
export async function insertLeads(db: DbOrTx, leads: NewLead[]): Promise<void> {
  for (let i = 0; i < leads.length; i += INSERT_CHUNK) {
    await db
      .insertInto('leads')
      .values(leads.slice(i, i + INSERT_CHUNK))
      .execute();
  }
}

/**
 * Which of these phones (E.164) and emails an earlier lead on the offer used since their `since`
 * (null: that duplicate rule is off, nothing is looked up); test leads do not count. Two queries for
 * a whole batch of leads.
 */
export async function recentContacts(
  db: DbOrTx,
  offerId: number,
  since: { phones: string | null; emails: string | null },
  phones: string[],
  emails: string[],
): Promise<{ phones: Set<string>; emails: Set<string> }> {
  return {
    phones:
      since.phones === null ? new Set() : await usedSince(db, offerId, since.phones, 'phone_e164', phones),
    emails: since.emails === null ? new Set() : await usedSince(db, offerId, since.emails, 'email', emails),
  };
}

/**
 * The duplicate look-up of one chunk, compiled once per column and number of values (at most 2 × 20
 * statements, db/compiled-query.ts): intake runs it for every group of leads (issue 18).
 */
const contactsOfOffer = statementFamily((shape: `${'phone_e164' | 'email'}:${number}`) => {
  const [column, count] = shape.split(':') as ['phone_e164' | 'email', string];
  const names = Array.from({ length: Number(count) }, (_, i) => `v${i}`);
  return (db, p: Record<string, unknown>) =>
    db
      .selectFrom('leads')
      .select([column, 'created_at', 'status'])
      .where('offer_id', '=', p.offerId as number)
      .where(
        column,
        'in',
        names.map((name) => p[name] as string),
      );
});

async function usedSince(
  db: DbOrTx,
  offerId: number,
  since: string,
  column: 'phone_e164' | 'email',
  values: string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < values.length; i += LOOKUP_CHUNK) {
    const chunk = values.slice(i, i + LOOKUP_CHUNK);
    const params: Record<string, unknown> = { offerId };
    chunk.forEach((value, j) => {
      params[`v${j}`] = value;
    });
    // Time and status are checked here, not in SQL: a created_at range would make the
    // (offer_id, created_at) index look as good as the (offer_id, value, created_at) one.
    const rows = (await contactsOfOffer(`${column}:${chunk.length}`).execute(db, params)) as {
      phone_e164?: string | null;
      email?: string | null;
      created_at: string;
      status: string;
    }[];
    for (const row of rows) {
      const value = row[column];
      if (value && row.created_at > since && row.status !== 'test') found.add(value);
    }
  }
  return found;
}

export interface LeadFilter {
  q?: string;
  statuses?: string[];
  exact: Partial<Record<LeadExactColumn, string | number>>;
  contains: Partial<Record<LeadTextColumn, string>>;
  from?: string;
  to?: string;
  /** An account manager's advertisers and publishers. */
  scope?: AccessScope;
}

export const LEAD_EXACT_COLUMNS = [
  'id',
  'push_status',
  'source',
  'offer_id',
  'advertiser_id',
  'publisher_id',
  'flow_id',
  'click_id',
  'country',
  'fraud_rule',
  'goal',
  'ip',
  'external_id',
  'adv_lead_id',
] as const;
export type LeadExactColumn = (typeof LEAD_EXACT_COLUMNS)[number];

export const LEAD_TEXT_COLUMNS = [
  'name',
  'phone',
  'email',
  'address',
  'comment',
  'status_comment',
  'user_agent',
  ...SUB_KEYS,
] as const;
export type LeadTextColumn = (typeof LEAD_TEXT_COLUMNS)[number];

/** Every filter but status: the status chip bar counts under these. */
function filtered(db: DbOrTx, filter: LeadFilter) {
  let query = db.selectFrom('leads');
  for (const [column, value] of Object.entries(filter.exact) as [LeadExactColumn, string | number][]) {
    query = query.where(column, '=', value as never);
  }
  for (const [column, value] of Object.entries(filter.contains) as [LeadTextColumn, string][]) {
    query = query.where(containsInsensitive(column, value));
  }
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) =>
      eb.or([
        containsInsensitive('name', q),
        containsInsensitive('phone', q),
        containsInsensitive('email', q),
        eb('click_id', '=', q),
        eb('id', '=', q),
      ]),
    );
  }
  if (filter.from) query = query.where('created_at', '>=', filter.from);
  if (filter.to) query = query.where('created_at', '<', filter.to);
  if (filter.scope)
    query = query.where(inScope(filter.scope, { advertiser: 'advertiser_id', publisher: 'publisher_id' }));
  return query;
}

const LEAD_SORT_COLUMNS: SortColumns<LeadSort> = {
  created_at: byValue('created_at'),
  updated_at: byValue('updated_at'),
  id: byValue('id'),
  status: byText('status'),
  offer_id: byValue('offer_id'),
  publisher_id: byValue('publisher_id', { nullable: true }),
  name: byText('name', { nullable: true }),
  phone: byText('phone', { nullable: true }),
  email: byText('email', { nullable: true }),
  country: byText('country', { nullable: true }),
  ip: byText('ip', { nullable: true }),
  goal: byText('goal', { nullable: true }),
  push_status: byText('push_status'),
  sub1: byText('sub1', { nullable: true }),
  sub2: byText('sub2', { nullable: true }),
};

function withStatuses(base: ReturnType<typeof filtered>, filter: LeadFilter) {
  return filter.statuses && filter.statuses.length > 0
    ? base.where('status', 'in', filter.statuses as LeadStatus[])
    : base;
}

/** The list's rows, newest id first, after `afterId` (keyset, for exports): every filter of the list. */
export function leadRowsAfter(
  db: DbOrTx,
  filter: LeadFilter,
  afterId: string | undefined,
  limit: number,
  ids?: readonly string[],
) {
  let query = withStatuses(filtered(db, filter), filter);
  // Selected rows: the ids narrow the filter, never widen it (scope still applies).
  if (ids !== undefined) query = query.where('id', 'in', ids.length > 0 ? [...ids] : ['']);
  if (afterId !== undefined) query = query.where('id', '<', afterId);
  return query.selectAll().orderBy('id', 'desc').limit(limit).execute();
}

export async function listLeadRows(
  db: DbOrTx,
  filter: LeadFilter,
  sort: SortRequest,
  limit: number,
  offset: number,
) {
  const base = filtered(db, filter);
  const query = withStatuses(base, filter);
  const [rows, count, byStatus] = await Promise.all([
    orderList(db, query.selectAll(), sort, LEAD_SORT_COLUMNS).limit(limit).offset(offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute(),
  ]);
  return {
    rows,
    total: Number(count.n),
    byStatus: byStatus.map((r) => ({ status: r.status, count: Number(r.n) })),
  };
}

/** A failed push back to pending; undefined when the lead's push is not (or no longer) failed. */
export function requeueFailedPush(db: DbOrTx, id: string, now: string): Promise<LeadRow | undefined> {
  return db
    .updateTable('leads')
    .set({ push_status: 'pending', updated_at: now })
    .where('id', '=', id)
    .where('push_status', '=', 'failed')
    .returningAll()
    .executeTakeFirst();
}

/**
 * Another lead that makes this postback-made lead an echo of a push: a lead of the same click that
 * was (or is being) pushed, or the advertiser's lead whose push they answered with this lead's id.
 */
export async function findPushedSibling(
  db: DbOrTx,
  lead: Pick<LeadRow, 'id' | 'click_id' | 'external_id' | 'advertiser_id'>,
): Promise<string | undefined> {
  const { click_id: clickId, external_id: externalId } = lead;
  if (clickId === null && externalId === null) return undefined;
  const row = await db
    .selectFrom('leads')
    .select('id')
    .where('id', '!=', lead.id)
    .where((eb) =>
      eb.or([
        ...(clickId === null
          ? []
          : [eb.and([eb('click_id', '=', clickId), eb('push_status', '!=', 'skipped')])]),
        ...(externalId === null
          ? []
          : [eb.and([eb('advertiser_id', '=', lead.advertiser_id), eb('adv_lead_id', '=', externalId)])]),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}
