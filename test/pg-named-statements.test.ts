import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conversionsOfLead,
  leadsOfClick,
  makeClick,
  makeNetwork,
  type Network,
  postback,
  unbalancedEvents,
} from './helpers/conversions.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * PostgreSQL names the app's hot statements, so each pooled connection parses them once
 * (src/db/pg-named-statements.ts), and a table that gains a column under a running app (another
 * process's migration) costs no answer: the stale statements are dropped and the work runs again.
 */

const onPostgres = process.env.LEADRAIL_TEST_DB === 'postgres';
/** The pool's size (database.ts): reading every connection's statements takes all of them at once. */
const POOL = 10;

let t: TestApp;
let net: Network;

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  net = await makeNetwork(t);
});
afterAll(() => t.close());

interface Prepared {
  pid: number;
  name: string;
  statement: string;
  runs: number;
}

/** The named statements of every pooled connection: POOL transactions held open together. */
async function preparedOnEveryConnection(app: TestApp = t): Promise<Prepared[]> {
  const found: Prepared[] = [];
  const seen = new Set<number>();
  let arrived = 0;
  let allArrived: () => void = () => undefined;
  const everyone = new Promise<void>((resolve) => {
    allArrived = resolve;
  });
  await Promise.all(
    Array.from({ length: POOL }, () =>
      app.ctx.db.transaction().execute(async (tx) => {
        const { rows } = await sql<Prepared>`
          select pg_backend_pid() as pid, name, statement, (generic_plans + custom_plans)::int as runs
          from pg_prepared_statements`.execute(tx);
        const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)).rows[0]?.pid;
        if (pid !== undefined && !seen.has(pid)) {
          seen.add(pid);
          found.push(...rows);
        }
        arrived += 1;
        if (arrived === POOL) allArrived();
        await everyone;
      }),
    ),
  );
  return found;
}

/** Columns added by "another process": a client of its own on PostgreSQL (the app's own on SQLite). */
async function addColumns(column: string, tables: string[]) {
  if (!onPostgres) {
    for (const table of tables)
      await sql.raw(`alter table ${table} add column ${column} text`).execute(t.ctx.db);
    return;
  }
  const other = new pg.Client({ connectionString: t.databaseUrl });
  await other.connect();
  try {
    for (const table of tables) await other.query(`alter table ${table} add column ${column} text`);
  } finally {
    await other.end();
  }
}

async function postbacksFor(clicks: string[], status: string) {
  return Promise.all(
    clicks.map((click_id) => postback(t, { click_id, status, token: net.advertiser.postback_token })),
  );
}

describe.runIf(onPostgres)('named prepared statements (PostgreSQL)', () => {
  it('parses a postback statement once per connection and runs it many times', async () => {
    const clicks: string[] = [];
    for (let i = 0; i < 12; i++) clicks.push(await makeClick(t, net));
    for (const click_id of clicks) {
      const r = await postback(t, { click_id, status: 'hold', token: net.advertiser.postback_token });
      expect(r.status).toBe(200);
    }
    const prepared = await preparedOnEveryConnection();
    const conversionInserts = prepared.filter((p) => p.statement.startsWith('insert into "conversions"'));
    // Named: prepared on the connections that ran it, each copy run more than once.
    expect(conversionInserts.length).toBeGreaterThan(0);
    expect(conversionInserts.length).toBeLessThanOrEqual(POOL);
    const runs = conversionInserts.reduce((sum, p) => sum + p.runs, 0);
    // The first two runs of a text go unnamed; every later one runs a prepared copy.
    expect(runs).toBe(clicks.length - 2);
    expect(runs).toBeGreaterThan(conversionInserts.length);
    // Only texts with parameters get names; transaction control stays in the simple protocol.
    expect(prepared.every((p) => /\$1\b/.test(p.statement))).toBe(true);
    // Nothing on the postback path looks like a schema change: every name is of one epoch.
    expect(new Set(prepared.map((p) => p.name.split('_')[0])).size).toBe(1);
    // Every run is planned with its values.
    const mode = await sql<{ plan_cache_mode: string }>`show plan_cache_mode`.execute(t.ctx.db);
    expect(mode.rows[0]?.plan_cache_mode).toBe('force_custom_plan');
  });

  it('names nothing and sets no start-up option with PG_NAMED_STATEMENTS=0 (a pooler such as PgBouncer)', async () => {
    const plain = await createTestApp({ env: { TRUST_PROXY: '1', PG_NAMED_STATEMENTS: '0' } });
    try {
      const other = await makeNetwork(plain);
      for (let i = 0; i < 6; i++) {
        const click_id = await makeClick(plain, other);
        const r = await postback(plain, { click_id, status: 'hold', token: other.advertiser.postback_token });
        expect(r.status).toBe(200);
      }
      expect(await preparedOnEveryConnection(plain)).toEqual([]);
      const mode = await sql<{ plan_cache_mode: string }>`show plan_cache_mode`.execute(plain.ctx.db);
      expect(mode.rows[0]?.plan_cache_mode).toBe('auto');
    } finally {
      await plain.close();
    }
  });
});

describe('a table that gains a column under a running app', () => {
  it('answers every postback and read after another process adds columns', async () => {
    const before: string[] = [];
    for (let i = 0; i < 8; i++) before.push(await makeClick(t, net));
    // Alone, then together: the statements of both paths are named by now.
    for (const click_id of before.slice(0, 4)) {
      const r = await postback(t, { click_id, status: 'hold', token: net.advertiser.postback_token });
      expect(r.status).toBe(200);
    }
    expect((await postbacksFor(before.slice(4), 'hold')).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    for (let i = 0; i < 3; i++) await leadsOfClick(t, before[0] as string);

    // Between the steps another process migrates: this app's connections are not told.
    // A postback alone (its own transaction).
    await addColumns('s13_a', ['leads', 'conversions', 'ledger_entries']);
    for (const click_id of before.slice(0, 4)) {
      const r = await postback(t, { click_id, status: 'approved', token: net.advertiser.postback_token });
      expect(r.status).toBe(200);
    }
    // Postbacks together (groups of a lane's waiting events).
    await addColumns('s13_b', ['leads', 'conversions', 'ledger_entries']);
    const approved = await postbacksFor(before.slice(4), 'approved');
    expect(approved.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    // A read outside a transaction runs again at once, with the new column.
    await addColumns('s13_c', ['leads']);
    const leads = await leadsOfClick(t, before[0] as string);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toHaveProperty('s13_c', null);

    const after: string[] = [];
    for (let i = 0; i < 6; i++) after.push(await makeClick(t, net));
    const r = await postback(t, { click_id: after[0], status: 'hold', token: net.advertiser.postback_token });
    expect(r.status).toBe(200);
    expect((await postbacksFor(after.slice(1), 'hold')).map((x) => x.status)).toEqual([
      200, 200, 200, 200, 200,
    ]);

    for (const click of [...before, ...after]) {
      const [lead] = await leadsOfClick(t, click);
      expect(lead?.status).toBe(before.includes(click) ? 'approved' : 'hold');
      const conversions = await conversionsOfLead(t, String(lead?.id));
      expect(conversions.map((c) => c.status)).toEqual([before.includes(click) ? 'approved' : 'hold']);
    }
    expect(await unbalancedEvents(t)).toEqual([]);
  });
});
