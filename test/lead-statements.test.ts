import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledDuring } from './helpers/compiled-queries.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { indianIp, nextPhone, submitLead } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Issue 18 item 7: the SQL statements of one lead taken by POST /api/lead, with the per-process caches
 * warm. Whether the publisher listens (tracker postbacks, pixel) comes from the caches the postbacks
 * read, so a lead for a publisher with neither runs no query for them, and a postback the publisher
 * adds is used by the very next lead.
 */

let t: TestApp;
let token: string;
let offer: { id: string };
let pub: { id: string; token: string };
let statements: string[] | undefined;

beforeAll(async () => {
  t = await createTestApp({
    env: { TRUST_PROXY: '1' },
    onQuery: (text) => statements?.push(text.replace(/\s+/g, ' ')),
  });
  token = await t.adminToken();
  const advertiser = await makeAdvertiser(t, token);
  offer = await makeOffer(t, token, { advertiser_id: advertiser.id });
  pub = await makePublisher(t, token);
});
afterAll(() => t.close());

const lead = () =>
  submitLead(
    t,
    { offer_id: offer.id, pub_id: pub.id, name: 'Asha Rao', phone: nextPhone() },
    { 'x-forwarded-for': indianIp() },
  );

async function statementsOf<T>(
  work: () => Promise<T>,
): Promise<{ value: T; run: string[]; listing: string }> {
  statements = [];
  const value = await work();
  const run = statements;
  statements = undefined;
  return { value, run, listing: `\n${run.join('\n')}` };
}

const onPostgres = () => t.ctx.dialect === 'postgres';

describe('statements per lead', () => {
  it('takes a lead in 7 statements (8 on PostgreSQL), none of them about publisher postbacks or pixels', async () => {
    expect((await lead()).status).toBe(201);
    const { value: r, run, listing } = await statementsOf(lead);
    expect(r.status, r.text).toBe(201);
    expect(
      run.filter((s) => /from "publisher_(postbacks|capi)"/.test(s)),
      listing,
    ).toEqual([]);
    // The rate limit, begin, the duplicate look-up, the lead, the cap count, the push job, commit
    // (PostgreSQL adds the offer's lock).
    expect(run.length, listing).toBeLessThanOrEqual(onPostgres() ? 8 : 7);
    expect(run.filter((s) => s.startsWith('insert into "leads"')).length, listing).toBe(1);
  });

  it('counts the rate limit of leads arriving together in one statement, not one per lead', async () => {
    expect((await lead()).status).toBe(201);
    const {
      value: answers,
      run,
      listing,
    } = await statementsOf(() => Promise.all(Array.from({ length: 12 }, () => lead())));
    for (const r of answers) expect(r.status, r.text).toBe(201);
    // Twelve visitors (twelve counters), one upsert; every answer carries its own count.
    expect(run.filter((s) => s.startsWith('insert into "rate_limits"')).length, listing).toBe(1);
    for (const r of answers) expect(r.headers['x-ratelimit-remaining']).toBe('119');
  });

  it("queues the publisher's lead postback from the very next lead after they add one", async () => {
    expect((await lead()).status).toBe(201);
    const added = await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: { preset: 'keitaro', domain: 'keitaro.example.com' },
    });
    expect(added.status, added.text).toBe(201);
    const r = await lead();
    expect(r.status, r.text).toBe(201);
    const jobs = await t.ctx.db
      .selectFrom('jobs')
      .select('payload')
      .where('type', '=', 'publisher_postback')
      .execute();
    const forLead = jobs.filter((j) => (JSON.parse(j.payload) as { leadId?: string }).leadId === r.body.id);
    expect(forLead.length).toBe(1);
  });
});

describe("Kysely's query compiler on the lead path", () => {
  it('takes a lead, and twelve together, without building or compiling any statement again', async () => {
    // Warm: the first leads compile the statements (once per shape) and fill the caches.
    expect((await lead()).status).toBe(201);
    for (const r of await Promise.all(Array.from({ length: 12 }, () => lead()))) expect(r.status).toBe(201);
    const compiled = await compiledDuring(async () => {
      expect((await lead()).status).toBe(201);
      for (const r of await Promise.all(Array.from({ length: 12 }, () => lead()))) expect(r.status).toBe(201);
    });
    // The rate limit, the duplicate look-up, the cap count and the push jobs are compiled once and
    // reused (db/compiled-query.ts); the leads and jobs inserts are bound text. PostgreSQL's offer
    // lock is a raw statement of dialect.ts.
    expect(
      compiled.filter((s) => !s.startsWith('select pg_advisory_xact_lock')),
      `\n${compiled.join('\n')}`,
    ).toEqual([]);
  });
});
