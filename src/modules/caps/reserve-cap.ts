import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { statementFamily } from '../../db/compiled-query.js';
import type { DbOrTx } from '../../db/database.js';
import { newId } from '../../lib/ids.js';
import { type Cap, type CapMetric, periodKey } from './cap-rules.js';

export type CapCheck = { ok: true } | { ok: false; cap: Cap };

interface Taken {
  cap: Cap;
  key: string;
  used: number;
}

/**
 * Add `amount` to one cap's counter for the period, in ONE conditional statement: the row is
 * created at `amount`, or raised only while the result stays within the limit (a hard cap). Two
 * processes racing for the last unit both run this statement; the database serialises them on the
 * counter row and the second one's WHERE no longer holds, so it changes (and returns) nothing.
 * Answers the new count, or undefined when the hard cap had no room.
 */
async function addToCounter(
  db: DbOrTx,
  cap: Cap,
  key: string,
  amount: number,
  countOnly: boolean,
): Promise<number | undefined> {
  const bounded = cap.mode === 'hard' && !countOnly;
  if (bounded && amount > cap.limit) return undefined;
  const row = await db
    .insertInto('cap_counters')
    .values({ cap_id: cap.id, period_key: key, used: amount })
    .onConflict((oc) => {
      const update = oc
        .columns(['cap_id', 'period_key'])
        .doUpdateSet({ used: sql<number>`cap_counters.used + ${amount}` });
      return bounded ? update.where(sql<boolean>`cap_counters.used + ${amount} <= ${cap.limit}`) : update;
    })
    .returning('used')
    .executeTakeFirst();
  return row ? Number(row.used) : undefined;
}

async function giveBack(db: DbOrTx, capId: number, key: string, amount: number): Promise<void> {
  await db
    .updateTable('cap_counters')
    .set({ used: sql<number>`used - ${amount}` })
    .where('cap_id', '=', capId)
    .where('period_key', '=', key)
    .where('used', '>=', amount)
    .execute();
}

/**
 * Take `amount` of `metric` from every cap in `caps` counted in that metric: all of them or none.
 * A hard cap without room refuses (what was already taken from the others is given back); a soft
 * cap always counts. With a `subject` ('lead:<id>', 'conversion:<id>') each unit taken is written
 * down once, so releaseCaps() can give exactly it back and a repeat does not count twice. Crossing
 * 90 % or 100 % of a limit notifies the operator once per period.
 */
export async function reserveCaps(
  ctx: AppContext,
  db: DbOrTx,
  input: {
    caps: readonly Cap[];
    metric: CapMetric;
    amount: number;
    atMs: number;
    subject?: string;
    currency?: string;
    /** Count even past a hard limit (an approval cannot be refused). */
    countOnly?: boolean;
  },
): Promise<CapCheck> {
  const taken: Taken[] = [];
  for (const cap of input.caps) {
    if (cap.metric !== input.metric) continue;
    if (cap.metric === 'payout' && cap.currency !== null && cap.currency !== input.currency) continue;
    const key = periodKey(cap.period, cap.timeZone, input.atMs);
    if (input.subject) {
      const noted = await db
        .insertInto('cap_reservations')
        .values({
          cap_id: cap.id,
          subject: input.subject,
          period_key: key,
          amount: input.amount,
          created_at: new Date(input.atMs).toISOString(),
        })
        .onConflict((oc) => oc.columns(['subject', 'cap_id']).doNothing())
        .executeTakeFirst();
      if (Number(noted.numInsertedOrUpdatedRows ?? 0) === 0) continue;
    }
    const used = await addToCounter(db, cap, key, input.amount, input.countOnly === true);
    if (used === undefined) {
      for (const t of taken) await giveBack(db, t.cap.id, t.key, input.amount);
      if (input.subject) {
        await db
          .deleteFrom('cap_reservations')
          .where('subject', '=', input.subject)
          .where(
            'cap_id',
            'in',
            [cap, ...taken.map((t) => t.cap)].map((c) => c.id),
          )
          .execute();
      }
      return { ok: false, cap };
    }
    taken.push({ cap, key, used });
  }
  for (const t of taken) await alertIfNear(ctx, db, t);
  return { ok: true };
}

/**
 * The reservations of 1, 2 (a cancelled postback: its lead and its conversion), … subjects, compiled
 * once per count (db/compiled-query.ts): every cancellation of an approved postback reads them, and
 * building the query each time cost it several times the statement (docs/postback-throughput.md,
 * session 14). Parameters are the subjects by position (`{ 0: …, 1: … }`).
 */
const reservationsOf = statementFamily(
  (count: number) => (db, p: Record<string, string>) =>
    db
      .selectFrom('cap_reservations')
      .selectAll()
      .where(
        'subject',
        'in',
        Array.from({ length: count }, (_, i) => p[i] as string),
      ),
);

/**
 * Give back everything these subjects took (a lead rejected or trashed, a conversion no longer
 * approved): one read for all of them (a cancelled postback releases its lead and its conversion).
 */
export async function releaseCaps(db: DbOrTx, ...subjects: string[]): Promise<void> {
  if (subjects.length === 0) return;
  const rows = await reservationsOf(subjects.length).execute(db, Object.fromEntries(subjects.entries()));
  for (const row of rows) {
    const gone = await db
      .deleteFrom('cap_reservations')
      .where('subject', '=', row.subject)
      .where('cap_id', '=', row.cap_id)
      .executeTakeFirst();
    if (Number(gone.numDeletedRows) === 1) await giveBack(db, row.cap_id, row.period_key, Number(row.amount));
  }
}

/** The first hard cap among `caps` (optionally of some metrics only) that is full for the period. */
export async function fullCap(
  db: DbOrTx,
  caps: readonly Cap[],
  atMs: number,
  metrics?: readonly CapMetric[],
): Promise<Cap | undefined> {
  const hard = caps.filter((c) => c.mode === 'hard' && (!metrics || metrics.includes(c.metric)));
  if (hard.length === 0) return undefined;
  const keys = hard.map((c) => ({ cap: c, key: periodKey(c.period, c.timeZone, atMs) }));
  const rows = await db
    .selectFrom('cap_counters')
    .select(['cap_id', 'period_key', 'used'])
    .where((eb) =>
      eb.or(keys.map((k) => eb.and([eb('cap_id', '=', k.cap.id), eb('period_key', '=', k.key)]))),
    )
    .execute();
  const used = new Map(rows.map((r) => [`${r.cap_id}/${r.period_key}`, Number(r.used)]));
  return keys.find((k) => (used.get(`${k.cap.id}/${k.key}`) ?? 0) >= k.cap.limit)?.cap;
}

/**
 * 90 % and 100 % of a cap's limit, each told to the operator once per period: the counter row's
 * `alerted` level is raised by one conditional update, so of many processes crossing the line at
 * once exactly one writes the notification.
 */
async function alertIfNear(ctx: AppContext, db: DbOrTx, taken: Taken): Promise<void> {
  const { cap, key, used } = taken;
  const level = used >= cap.limit ? 100 : used * 10 >= cap.limit * 9 ? 90 : 0;
  if (level === 0) return;
  const raised = await db
    .updateTable('cap_counters')
    .set({ alerted: level })
    .where('cap_id', '=', cap.id)
    .where('period_key', '=', key)
    .where('alerted', '<', level)
    .executeTakeFirst();
  if (Number(raised.numUpdatedRows) !== 1) return;
  const scope = [
    cap.offerId !== null ? `offer ${cap.offerId}` : null,
    cap.publisherId !== null ? `publisher ${cap.publisherId}` : null,
  ]
    .filter(Boolean)
    .join(' × ');
  const what = `${cap.period} ${cap.metric} cap ${cap.id} (${scope})`;
  await db
    .insertInto('admin_notifications')
    .values({
      id: newId(ctx.clock.now().getTime()),
      rule_id: null,
      run_id: null,
      title: level === 100 ? `Cap reached: ${what}` : `Cap at 90 %: ${what}`,
      message: `${used} of ${cap.limit} used in period ${key} (${cap.timeZone}); ${
        cap.mode === 'hard' ? `further traffic: ${cap.onReached}` : 'soft cap: traffic goes on'
      }.`,
      code: level === 100 ? 'cap_reached' : 'cap_near',
      params: JSON.stringify({
        id: cap.id,
        period: cap.period,
        metric: cap.metric,
        offer: cap.offerId ?? '',
        publisher: cap.publisherId ?? '',
        used,
        limit: cap.limit,
        key,
        zone: cap.timeZone,
        next: cap.mode === 'hard' ? cap.onReached : 'soft',
      }),
      details: JSON.stringify({
        cap_id: String(cap.id),
        period_key: key,
        used,
        limit: cap.limit,
        level,
        mode: cap.mode,
      }),
      read_at: null,
      created_at: ctx.clock.now().toISOString(),
    })
    .execute();
}
