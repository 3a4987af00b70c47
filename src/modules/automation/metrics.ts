import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { formatAmount, formatPercent, limitInMinorUnits, parsePercent, perUnit } from '../../lib/money.js';
import { offerCapUsage } from '../caps/cap-usage.js';
import { capDay } from '../offers/caps.js';
import { compare, isRate, type Metric, type Operator, type Scope } from './definitions.js';
import type { Evaluation } from './schemas.js';

/** Leads that are not real leads for a rate: fraud-flagged and test ones (as on the dashboard). */
const NOT_LEADS = ['spam', 'duplicate', 'test'] as const;
const CLICK_FRAUD_REASONS = ['ip_blocked', 'bot_ua', 'ip_velocity'];

export interface MetricRule {
  metric: Metric;
  scope: Scope;
  targetId: number | null;
  operator: Operator;
  threshold: string;
  windowHours: number;
  minVolume: number;
}

/** One measured subject: a ratio (numerator ÷ denominator) and the volume it rests on. */
interface Measure {
  subjectId: number | null;
  currency: string | null;
  numerator: number;
  denominator: number;
  volume: number;
}

export interface SubjectEvaluation extends Evaluation {
  subjectNumber: number | null;
}

type Column = 'offer_id' | 'publisher_id';

function groupColumn(scope: Scope): Column | null {
  return scope === 'offer' ? 'offer_id' : scope === 'publisher' ? 'publisher_id' : null;
}

interface Window {
  since: string;
  until: string;
}

/** Subject key for a row: the group column's value, or null for scope all. */
function keyOf(column: Column | null, alias?: string) {
  if (!column) return sql<number | null>`null`.as('k');
  return sql<number | null>`${sql.ref(alias ? `${alias}.${column}` : column)}`.as('k');
}

async function approvalRate(ctx: AppContext, column: Column | null, target: number | null, w: Window) {
  let q = ctx.db
    .selectFrom('leads')
    .select([
      keyOf(column),
      (eb) => eb.fn.countAll<number>().as('total'),
      sql<number>`sum(case when status in ('approved', 'hold') then 1 else 0 end)`.as('confirmed'),
    ])
    .where('status', 'not in', NOT_LEADS)
    .where('created_at', '>=', w.since)
    .where('created_at', '<', w.until);
  if (column) q = q.where(column, 'is not', null).groupBy(column);
  if (column && target !== null) q = q.where(column, '=', target);
  const rows = await q.execute();
  return rows.map(
    (r): Measure => ({
      subjectId: r.k === null ? null : Number(r.k),
      currency: null,
      numerator: Number(r.confirmed ?? 0),
      denominator: Number(r.total),
      volume: Number(r.total),
    }),
  );
}

/** Clicks rejected by a fraud rule and leads a rule flagged, over all clicks and (non-test) leads. */
async function fraudRate(ctx: AppContext, column: Column | null, target: number | null, w: Window) {
  let clicks = ctx.db
    .selectFrom('clicks')
    .select([
      keyOf(column),
      (eb) => eb.fn.countAll<number>().as('total'),
      (eb) =>
        eb.fn
          .sum<number>(eb.case().when('reject_reason', 'in', CLICK_FRAUD_REASONS).then(1).else(0).end())
          .as('flagged'),
    ])
    .where('created_at', '>=', w.since)
    .where('created_at', '<', w.until);
  let leads = ctx.db
    .selectFrom('leads')
    .select([
      keyOf(column),
      (eb) => eb.fn.countAll<number>().as('total'),
      sql<number>`sum(case when fraud_rule is not null then 1 else 0 end)`.as('flagged'),
    ])
    .where('status', '!=', 'test')
    .where('created_at', '>=', w.since)
    .where('created_at', '<', w.until);
  if (column) {
    clicks = clicks.where(column, 'is not', null).groupBy(column);
    leads = leads.where(column, 'is not', null).groupBy(column);
    if (target !== null) {
      clicks = clicks.where(column, '=', target);
      leads = leads.where(column, '=', target);
    }
  }
  const sums = new Map<number | null, Measure>();
  for (const r of [...(await clicks.execute()), ...(await leads.execute())]) {
    const id = r.k === null ? null : Number(r.k);
    const m = sums.get(id) ?? { subjectId: id, currency: null, numerator: 0, denominator: 0, volume: 0 };
    m.numerator += Number(r.flagged ?? 0);
    m.denominator += Number(r.total);
    m.volume = m.denominator;
    sums.set(id, m);
  }
  return [...sums.values()];
}

/**
 * How full each capped offer is: the fullest of its offer-wide caps (src/modules/caps, the running
 * period in the cap's zone) and its legacy daily cap (offers.daily_cap, today UTC), as used over limit.
 */
async function capUsedOf(ctx: AppContext, target: number | null) {
  let q = ctx.db
    .selectFrom('offers as o')
    .leftJoin('offer_cap_usage as u', (j) =>
      j.onRef('u.offer_id', '=', 'o.id').on('u.day', '=', capDay(ctx.clock.now())),
    )
    .select(['o.id', 'o.daily_cap', 'u.used'])
    .where('o.daily_cap', 'is not', null);
  if (target !== null) q = q.where('o.id', '=', target);
  const [legacy, caps] = await Promise.all([q.execute(), offerCapUsage(ctx, target)]);
  const fullest = new Map<number, Measure>();
  const consider = (offerId: number, used: number, limit: number) => {
    const m = fullest.get(offerId);
    // used / limit > m.numerator / m.denominator, without division (a limit may be 0).
    if (!m || used * m.denominator > m.numerator * limit || (m.denominator === 0 && limit > 0))
      fullest.set(offerId, {
        subjectId: offerId,
        currency: null,
        numerator: used,
        denominator: limit,
        volume: used,
      });
  };
  for (const r of legacy) consider(Number(r.id), Number(r.used ?? 0), Number(r.daily_cap));
  for (const c of caps) consider(c.offerId, c.used, c.limit);
  return [...fullest.values()];
}

/** Advertiser revenue (approved and hold conversions) per accepted click, per currency. */
async function epc(ctx: AppContext, column: Column | null, target: number | null, w: Window) {
  let revenue = ctx.db
    .selectFrom('conversions')
    .select([keyOf(column), 'currency', (eb) => eb.fn.sum<number>('adv_payout').as('revenue')])
    .where('status', 'in', ['approved', 'hold'])
    .where('created_at', '>=', w.since)
    .where('created_at', '<', w.until)
    .groupBy('currency');
  let clicks = ctx.db
    .selectFrom('clicks as c')
    .innerJoin('offers as o', 'o.id', 'c.offer_id')
    .select([keyOf(column, 'c'), 'o.currency', (eb) => eb.fn.countAll<number>().as('clicks')])
    .where('c.status', '=', 'accepted')
    .where('c.created_at', '>=', w.since)
    .where('c.created_at', '<', w.until)
    .groupBy('o.currency');
  if (column) {
    revenue = revenue.where(column, 'is not', null).groupBy(column);
    clicks = clicks.where(`c.${column}`, 'is not', null).groupBy(`c.${column}`);
    if (target !== null) {
      revenue = revenue.where(column, '=', target);
      clicks = clicks.where(`c.${column}`, '=', target);
    }
  }
  const measures = new Map<string, Measure>();
  const entry = (k: number | null, currency: string) => {
    const key = `${k}:${currency}`;
    let m = measures.get(key);
    if (!m) {
      m = { subjectId: k === null ? null : Number(k), currency, numerator: 0, denominator: 0, volume: 0 };
      measures.set(key, m);
    }
    return m;
  };
  for (const r of await clicks.execute()) {
    const m = entry(r.k, r.currency);
    m.denominator = Number(r.clicks);
    m.volume = m.denominator;
  }
  for (const r of await revenue.execute()) entry(r.k, r.currency).numerator = Number(r.revenue ?? 0);
  return [...measures.values()];
}

/**
 * Clawbacks (reversals after payout, issue 17) recorded in the window, per currency: their sum as the
 * value (an amount), their count as the volume, so `gt 0` with min_volume 1 fires on the first one.
 */
async function clawbackAmount(ctx: AppContext, column: Column | null, target: number | null, w: Window) {
  let q = ctx.db
    .selectFrom('clawbacks')
    .select([
      keyOf(column),
      'currency',
      (eb) => eb.fn.sum<number>('amount').as('total'),
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('created_at', '>=', w.since)
    .where('created_at', '<', w.until)
    .groupBy('currency');
  if (column) q = q.groupBy(column);
  if (column && target !== null) q = q.where(column, '=', target);
  const rows = await q.execute();
  return rows.map(
    (r): Measure => ({
      subjectId: r.k === null ? null : Number(r.k),
      currency: r.currency,
      numerator: Number(r.total ?? 0),
      denominator: 1,
      volume: Number(r.n),
    }),
  );
}

async function measure(ctx: AppContext, rule: MetricRule, w: Window): Promise<Measure[]> {
  const column = groupColumn(rule.scope);
  switch (rule.metric) {
    case 'approval_rate':
      return approvalRate(ctx, column, rule.targetId, w);
    case 'fraud_rate':
      return fraudRate(ctx, column, rule.targetId, w);
    case 'cap_used':
      return capUsedOf(ctx, rule.targetId);
    case 'epc':
      return epc(ctx, column, rule.targetId, w);
    case 'clawback_amount':
      return clawbackAmount(ctx, column, rule.targetId, w);
  }
}

/** Which subjects a rule without a target watches: open offers and approved publishers. */
async function liveSubjects(ctx: AppContext, scope: Scope, targetId: number | null) {
  const names = new Map<number, string>();
  if (scope === 'all') return { names, live: () => true };
  const table = scope === 'offer' ? 'offers' : 'publishers';
  const rows = await ctx.db.selectFrom(table).select(['id', 'name', 'status']).execute();
  const open = scope === 'offer' ? 'active' : 'approved';
  const live = new Set<number>();
  for (const r of rows) {
    names.set(Number(r.id), r.name);
    if (r.status === open || Number(r.id) === targetId) live.add(Number(r.id));
  }
  return { names, live: (id: number | null) => id !== null && live.has(id) };
}

/**
 * Measure the rule's metric for each subject over its window and say which cross the threshold.
 * Subjects below the minimum volume are listed but never match (one lead must not trip a rule).
 */
export async function evaluateRule(ctx: AppContext, rule: MetricRule): Promise<SubjectEvaluation[]> {
  const now = ctx.clock.now();
  const window = {
    since: new Date(now.getTime() - rule.windowHours * 3_600_000).toISOString(),
    until: new Date(now.getTime() + 1).toISOString(),
  };
  const [measures, subjects] = await Promise.all([
    measure(ctx, rule, window),
    liveSubjects(ctx, rule.scope, rule.targetId),
  ]);
  const rate = isRate(rule.metric);
  return measures
    .filter((m) => subjects.live(m.subjectId))
    .sort(
      (a, b) => (a.subjectId ?? 0) - (b.subjectId ?? 0) || (a.currency ?? '').localeCompare(b.currency ?? ''),
    )
    .map((m): SubjectEvaluation => {
      const base = {
        subject: rule.scope,
        subject_id: m.subjectId === null ? null : String(m.subjectId),
        subjectNumber: m.subjectId,
        name: m.subjectId === null ? null : (subjects.names.get(m.subjectId) ?? null),
        currency: m.currency,
        volume: m.volume,
      };
      if (m.denominator === 0)
        return {
          ...base,
          value: null,
          matched: false,
          note: 'nothing to measure',
          note_code: 'nothing_to_measure',
          note_params: {},
        };
      const value = rate ? perUnit(m.numerator * 10_000, m.denominator) : perUnit(m.numerator, m.denominator);
      const threshold = rate
        ? parsePercent(rule.threshold, 'threshold')
        : limitInMinorUnits(rule.threshold, m.currency as string);
      const shown = rate ? formatPercent(value) : formatAmount(value, m.currency as string);
      if (m.volume < rule.minVolume)
        return {
          ...base,
          value: shown,
          matched: false,
          note: `volume ${m.volume} below minimum ${rule.minVolume}`,
          note_code: 'below_min_volume',
          note_params: { volume: m.volume, min: rule.minVolume },
        };
      return { ...base, value: shown, matched: compare(rule.operator, value, threshold), note: null };
    });
}
