import type { AppContext } from '../../context.js';
import { dialectOf, localDay } from '../../db/dialect.js';
import { formatAmount, perUnit, sumAmounts, toSafeNumber } from '../../lib/money.js';
import { rangeEnd, rangeStart } from '../../lib/time.js';
import type { ArmStats } from './bandit.js';
import { loadStreamDefinitions } from './load-streams.js';
import { listShiftRows } from './queries.js';
import { describeArm } from './route-click.js';
import { flowFor } from './save-streams.js';
import type { SplitTestReply } from './schemas.js';
import { meanInterval, wilsonInterval } from './stats.js';

/** Approved and hold money count toward EPC, as everywhere else (reports/dashboard.ts). */
const EPC_STATUSES = ['approved', 'hold'] as const;

export interface ArmFigures {
  clicks: number;
  leads: number;
  /** Per currency: revenue sum (minor units) and the sum of squares of per-click revenue. */
  revenue: Map<string, { sum: number; sumOfSquares: number }>;
}

/** Accepted clicks, leads and approved + hold revenue per arm of the given streams in [from, to). */
export async function armFigures(
  ctx: AppContext,
  streamIds: readonly number[],
  from: string,
  to: string,
): Promise<Map<number, ArmFigures>> {
  const out = new Map<number, ArmFigures>();
  if (streamIds.length === 0) return out;
  const figure = (armId: number) => {
    let f = out.get(armId);
    if (!f) {
      f = { clicks: 0, leads: 0, revenue: new Map() };
      out.set(armId, f);
    }
    return f;
  };
  const inWindow = ctx.db
    .selectFrom('clicks')
    .where('clicks.stream_id', 'in', streamIds)
    .where('clicks.status', '=', 'accepted')
    .where('clicks.created_at', '>=', from)
    .where('clicks.created_at', '<', to)
    .where('clicks.arm_id', 'is not', null);
  const [clicks, leads, revenue] = await Promise.all([
    inWindow
      .select(['clicks.arm_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('clicks.arm_id')
      .execute(),
    inWindow
      .innerJoin('leads', 'leads.click_id', 'clicks.id')
      .select(['clicks.arm_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('clicks.arm_id')
      .execute(),
    inWindow
      .innerJoin('conversions', 'conversions.click_id', 'clicks.id')
      .where('conversions.status', 'in', EPC_STATUSES)
      .select([
        'clicks.arm_id',
        'clicks.id',
        'conversions.currency',
        (eb) => eb.fn.sum<number>('conversions.adv_payout').as('revenue'),
      ])
      .groupBy(['clicks.arm_id', 'clicks.id', 'conversions.currency'])
      .execute(),
  ]);
  for (const r of clicks) figure(Number(r.arm_id)).clicks = Number(r.n);
  for (const r of leads) figure(Number(r.arm_id)).leads = Number(r.n);
  for (const r of revenue) {
    const f = figure(Number(r.arm_id));
    const amount = toSafeNumber(r.revenue);
    const money = f.revenue.get(r.currency) ?? { sum: 0, sumOfSquares: 0 };
    money.sum = sumAmounts([money.sum, amount]);
    money.sumOfSquares += amount * amount;
    f.revenue.set(r.currency, money);
  }
  return out;
}

/** The figures the bandit reads: revenue only when every arm earns in one currency. */
export function banditStats(
  armIds: readonly number[],
  figures: Map<number, ArmFigures>,
): { stats: ArmStats[]; oneCurrency: boolean } {
  const currencies = new Set<string>();
  for (const id of armIds) for (const c of figures.get(id)?.revenue.keys() ?? []) currencies.add(c);
  const stats = armIds.map((armId) => {
    const f = figures.get(armId);
    const revenueMinor = f ? sumAmounts([...f.revenue.values()].map((m) => m.sum)) : 0;
    return { armId, clicks: f?.clicks ?? 0, leads: f?.leads ?? 0, revenueMinor };
  });
  return { stats, oneCurrency: currencies.size <= 1 };
}

const DAY_MS = 86_400_000;

type ArmDay = { day: string; clicks: number; leads: number };

/** Accepted clicks and their leads per arm and UTC day in [from, to), oldest day first. */
export async function armDaily(
  ctx: AppContext,
  streamIds: readonly number[],
  from: string,
  to: string,
): Promise<Map<number, ArmDay[]>> {
  const out = new Map<number, ArmDay[]>();
  if (streamIds.length === 0) return out;
  const day = localDay(dialectOf(ctx.db), 'clicks.created_at', 'UTC', { start: from, end: to });
  const rows = await ctx.db
    .selectFrom('clicks')
    .leftJoin('leads', 'leads.click_id', 'clicks.id')
    .select([
      'clicks.arm_id',
      day.as('day'),
      (eb) => eb.fn.count<number>('clicks.id').distinct().as('clicks'),
      (eb) => eb.fn.count<number>('leads.id').as('leads'),
    ])
    .where('clicks.stream_id', 'in', streamIds)
    .where('clicks.status', '=', 'accepted')
    .where('clicks.created_at', '>=', from)
    .where('clicks.created_at', '<', to)
    .where('clicks.arm_id', 'is not', null)
    .groupBy(['clicks.arm_id', day])
    .orderBy(day)
    .execute();
  for (const r of rows) {
    const armId = Number(r.arm_id);
    out.set(armId, [
      ...(out.get(armId) ?? []),
      { day: String(r.day), clicks: Number(r.clicks), leads: Number(r.leads) },
    ]);
  }
  return out;
}

export async function splitTestResults(
  ctx: AppContext,
  flowId: number,
  range: { from?: string; to?: string },
  publisherId?: number,
): Promise<SplitTestReply> {
  await flowFor(ctx, flowId, publisherId);
  const now = ctx.clock.now();
  // Exclusive end: a click made at this very millisecond is in.
  const to = range.to ? rangeEnd(range.to) : new Date(now.getTime() + 1).toISOString();
  const from = range.from ? rangeStart(range.from) : new Date(now.getTime() - 30 * DAY_MS).toISOString();
  const streams = await loadStreamDefinitions(ctx, flowId);
  const ids = streams.map((s) => s.id);
  const [figures, shifts, daily] = await Promise.all([
    armFigures(ctx, ids, from, to),
    listShiftRows(ctx.db, ids, 200),
    armDaily(ctx, ids, from, to),
  ]);
  const autoRows = await ctx.db
    .selectFrom('flow_streams')
    .select(['id', 'auto_enabled'])
    .where('flow_id', '=', flowId)
    .execute();
  return {
    flow_id: String(flowId),
    from,
    to,
    streams: streams.map((s) => ({
      id: String(s.id),
      name: s.name,
      auto: autoRows.some((r) => r.id === s.id && r.auto_enabled === 1),
      arms: s.arms.map((arm) => {
        const f = figures.get(arm.id) ?? { clicks: 0, leads: 0, revenue: new Map() };
        const ci = wilsonInterval(f.leads, f.clicks);
        return {
          id: String(arm.id),
          type: arm.type,
          target: describeArm(arm),
          weight: arm.weight,
          clicks: f.clicks,
          leads: f.leads,
          cr: f.clicks > 0 ? f.leads / f.clicks : 0,
          cr_ci: ci,
          epc: [...f.revenue.entries()].map(([currency, money]) => {
            const interval = meanInterval(money.sum, money.sumOfSquares, f.clicks);
            return {
              currency,
              value: formatAmount(perUnit(money.sum, f.clicks), currency),
              low: formatAmount(Math.round(interval.low), currency),
              high: formatAmount(Math.round(interval.high), currency),
            };
          }),
          daily: daily.get(arm.id) ?? [],
        };
      }),
      shifts: shifts
        .filter((r) => r.stream_id === s.id)
        .map((r) => ({
          at: r.created_at,
          reason: r.reason,
          before: JSON.parse(r.weights_before),
          after: JSON.parse(r.weights_after),
          stats: JSON.parse(r.stats),
        })),
    })),
  };
}
