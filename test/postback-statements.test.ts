import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, makeClick, makeNetwork, type Network, postback } from './helpers/conversions.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * The work of one postback, in SQL statements (transaction control included), with the per-process
 * caches warm: the hot path stays as short as README's benchmark section says.
 */

let t: TestApp;
let net: Network;
let statements: string[] | undefined;

beforeAll(async () => {
  t = await createTestApp({ onQuery: (sql) => statements?.push(sql.replace(/\s+/g, ' ')) });
  net = await makeNetwork(t);
  // One postback first, so the advertiser, offer, custom payout and rate caches are warm.
  await postback(t, {
    click_id: await makeClick(t, net),
    status: 'hold',
    token: net.advertiser.postback_token,
  });
});
afterAll(() => t.close());

async function statementsOf(params: Record<string, string>) {
  await t.ctx.clickWriter.flush();
  statements = [];
  const r = await postback(t, { ...params, token: net.advertiser.postback_token });
  const run = statements;
  statements = undefined;
  expect(r.status, r.text).toBe(200);
  return { body: r.body, run, listing: `\n${run.join('\n')}` };
}

const writes = (run: string[]) => run.filter((s) => /^(insert|update|delete)/i.test(s));
// PostgreSQL adds the advisory lock on the click, and a savepoint around a new lead's insert.
const onPostgres = () => t.ctx.dialect === 'postgres';

describe('statements per postback', () => {
  it('creates a lead, its conversion and ledger entries in at most 12 statements (SQLite)', async () => {
    const clickId = await makeClick(t, net);
    const { body, run, listing } = await statementsOf({ click_id: clickId, status: 'hold' });
    expect(body.changes.conversion_created).toBe(true);
    expect(run.length, listing).toBeLessThanOrEqual(onPostgres() ? 15 : 12);
    // Each of these once: nothing is read again after it was written.
    expect(run.filter((s) => s.startsWith('select * from "leads"')).length, listing).toBe(1);
    expect(run.filter((s) => s.startsWith('select * from "conversions"')).length, listing).toBe(0);
    expect(
      writes(run).map((s) => s.split(' ').slice(0, 3).join(' ')),
      listing,
    ).toEqual([
      'insert into "leads"',
      'insert into "conversions"',
      'update "leads" set',
      'insert into "ledger_entries"',
      'insert into "lead_status_history"',
      'insert into "postback_log"',
    ]);
  });

  it('moves an existing lead hold → approved in at most 13 statements (SQLite)', async () => {
    const clickId = await makeClick(t, net);
    await statementsOf({ click_id: clickId, status: 'hold' });
    const { body, run, listing } = await statementsOf({ click_id: clickId, status: 'approved' });
    expect(body.changes.status).toEqual({ from: 'hold', to: 'approved' });
    expect(run.length, listing).toBeLessThanOrEqual(onPostgres() ? 14 : 13);
    expect(run.filter((s) => s.startsWith('select * from "leads"')).length, listing).toBe(1);
  });

  it('answers a repeat with no-changes, writing nothing but its log row', async () => {
    const clickId = await makeClick(t, net);
    await statementsOf({ click_id: clickId, status: 'approved' });
    const entries = await count(t, 'ledger_entries');
    const { body, run, listing } = await statementsOf({ click_id: clickId, status: 'approved' });
    expect(body.result).toBe('no-changes');
    expect(
      writes(run).map((s) => s.split(' ').slice(0, 3).join(' ')),
      listing,
    ).toEqual(['insert into "postback_log"']);
    expect(await count(t, 'ledger_entries')).toBe(entries);
  });
});
