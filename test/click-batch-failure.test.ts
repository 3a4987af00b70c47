import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Clicks are answered before they are written (batched). When the database refuses a batch because
 * it is away for a moment, the answered clicks must still be stored once it takes writes again.
 * The outage: on SQLite another connection holds the write lock (SQLITE_BUSY), on PostgreSQL a
 * trigger on clicks raises "cannot connect now" (57P03). Either way the test asks only for the
 * outcome, whatever the writer does between failing and retrying.
 */

let t: TestApp;
const postgres = () => !t.databaseUrl.startsWith('sqlite:');
let lockHolder: SqliteDatabase.Database | undefined;

beforeAll(async () => {
  // A batch interval far longer than the test: only flushes (and the writer's own retries) write.
  t = await createTestApp({ env: { CLICK_BATCH_MS: '60000' } });
});
afterAll(() => t.close());

async function refuseClickWrites(): Promise<void> {
  if (postgres()) {
    await sql`create function refuse_clicks() returns trigger language plpgsql as $$ begin raise exception 'the database is starting up (test outage)' using errcode = '57P03'; end $$`.execute(
      t.ctx.db,
    );
    await sql`create trigger refuse_clicks before insert on clicks for each row execute function refuse_clicks()`.execute(
      t.ctx.db,
    );
    return;
  }
  // Another process (a backup, say) holds the write lock. A short busy_timeout for the app's own
  // connection keeps each refused write from blocking the test for the usual 5 s.
  await sql`pragma busy_timeout = 100`.execute(t.ctx.db);
  lockHolder = new SqliteDatabase(t.databaseUrl.replace(/^sqlite:/, ''));
  lockHolder.exec('begin immediate');
}

async function acceptClickWrites(): Promise<void> {
  if (postgres()) {
    await sql`drop trigger refuse_clicks on clicks`.execute(t.ctx.db);
    await sql`drop function refuse_clicks()`.execute(t.ctx.db);
    return;
  }
  lockHolder?.close();
  await sql`pragma busy_timeout = 5000`.execute(t.ctx.db);
}

const storedIds = async () =>
  (await t.ctx.db.selectFrom('clicks').select('id').execute()).map((c) => c.id).sort();

it('a failed batch write loses no answered click: once the database accepts writes, every one is stored', async () => {
  const token = await t.adminToken();
  const offer = await makeOffer(t, token, { geo: [] });
  const publisher = await makePublisher(t, token);
  const answered: string[] = [];
  const click = async (n: number) => {
    const r = await t.call('GET', `/click?offer_id=${offer.id}&pub_id=${publisher.id}&sub1=${n}`, {
      headers: { 'user-agent': 'Mozilla/5.0 Firefox/126.0' },
    });
    expect(r.status).toBe(302);
    answered.push(new URL(String(r.headers.location)).searchParams.get('click_id') as string);
  };

  await refuseClickWrites();
  try {
    for (let n = 0; n < 3; n++) await click(n);
    await t.ctx.clickWriter.flush();
    expect(await storedIds()).toEqual([]);
    // Still answering during the outage; a second refused write.
    await click(3);
    await t.ctx.clickWriter.flush();
    expect(await storedIds()).toEqual([]);
  } finally {
    await acceptClickWrites();
  }

  // However the writer retries (at once on flush, or on its own timer), within a few seconds.
  const deadline = Date.now() + 5000;
  while ((await storedIds()).length < answered.length && Date.now() < deadline) {
    await t.ctx.clickWriter.flush();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(await storedIds()).toEqual([...answered].sort());
  for (const id of answered) {
    const seen = await t.call('GET', `/api/admin/clicks/${id}`, { token });
    expect(seen.status).toBe(200);
  }
});
