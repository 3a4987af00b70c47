import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appJobRegistry } from '../src/jobs/registry.js';
import { startWorker } from '../src/jobs/worker.js';
import { type FakeServer, startFakeServer } from './helpers/fake-server.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { countRows } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;
let server: FakeServer;
let advertiserId: string;

beforeAll(async () => {
  t = await createTestApp({ env: { ALLOW_PRIVATE_TARGETS: '1' } });
  token = await t.adminToken();
});
afterAll(() => t.close());
beforeEach(async () => {
  server = await startFakeServer({ status: 200, body: '{"id":"A-1"}' });
  advertiserId = (await makeAdvertiser(t, token, { endpoint_url: `${server.url}/lead/add` })).id;
});
afterEach(() => server.close());

const importCsv = (offerId: string, csv: string, query: Record<string, string> = {}) =>
  t.call('POST', '/api/admin/leads/import', {
    token,
    query: { offer_id: offerId, ...query },
    body: csv,
    headers: { 'content-type': 'text/csv' },
  });

const leadsOf = (offerId: string) =>
  t.ctx.db.selectFrom('leads').selectAll().where('offer_id', '=', Number(offerId)).orderBy('id').execute();

describe('CSV import', () => {
  it('imports good rows, keeps unknown columns as meta, reports each bad row, and pushes the leads', async () => {
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId });
    const csv = [
      'Full Name,Phone,E-mail,Country,sub_1,Comment,Product Size,Landing',
      'John Smith,+919876543210,john@example.com,IN,fb,"Call after 6, please",XL,v2',
      ',+919812345678,,,,,,',
      'Bad Phone,call me,,,,,,',
      'Bad Email,+919812345679,not-an-email,,,,,',
      '',
      'Asha,098123 45670,,IN,,,M,v1',
      'John Again,+91 98765 43210,,,,,,',
    ].join('\n');
    const response = await importCsv(offer.id, csv);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      offer_id: offer.id,
      rows: 6,
      imported: 3,
      failed: 3,
      statuses: { processing: 2, duplicate: 1 },
      custom_fields: ['Product Size', 'Landing'],
      errors: [
        { row: 3, field: 'name', message: 'Full Name is empty' },
        { row: 4, field: 'phone', message: expect.stringMatching(/^phone: "call me"/) },
        { row: 5, field: 'email', message: expect.stringMatching(/not an email/) },
      ],
      errors_truncated: false,
      complete: true,
    });
    const leads = await leadsOf(offer.id);
    expect(leads).toHaveLength(3);
    expect(leads[0]).toMatchObject({
      source: 'import',
      publisher_id: null,
      click_id: null,
      name: 'John Smith',
      phone_e164: '+919876543210',
      email: 'john@example.com',
      country: 'IN',
      sub1: 'fb',
      comment: 'Call after 6, please',
      status: 'processing',
      push_status: 'pending',
    });
    expect(JSON.parse(leads[0]!.meta)).toEqual({ 'Product Size': 'XL', Landing: 'v2' });
    expect(leads[1]).toMatchObject({ name: 'Asha', phone_e164: '+919812345670' });
    expect(leads[2]).toMatchObject({
      status: 'duplicate',
      fraud_rule: 'duplicate_phone',
      push_status: 'skipped',
    });

    const worker = startWorker(t.ctx, appJobRegistry(), { poll: false, jitter: false });
    expect(await worker.runOnce()).toBe(2);
    await worker.stop();
    expect(server.requests).toHaveLength(2);
    expect((await leadsOf(offer.id)).map((l) => l.push_status)).toEqual(['sent', 'sent', 'skipped']);
  });

  it('takes a multipart file upload, attributes to a publisher, and can store without pushing', async () => {
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId });
    const publisher = await makePublisher(t, token);
    const form = new FormData();
    form.append(
      'file',
      new Blob(['\ufeffName,Phone\r\nRavi,+919811111112\r\nMeena,+919811111113\r\n'], { type: 'text/csv' }),
      'leads.csv',
    );
    const encoded = new Response(form);
    const jobs = await countRows(t, 'jobs');
    const response = await t.call('POST', '/api/admin/leads/import', {
      token,
      query: { offer_id: offer.id, publisher_id: publisher.id, push: 'false' },
      body: Buffer.from(await encoded.arrayBuffer()),
      headers: { 'content-type': encoded.headers.get('content-type')! },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ rows: 2, imported: 2, failed: 0, statuses: { processing: 2 } });
    expect(await countRows(t, 'jobs')).toBe(jobs);
    const leads = await leadsOf(offer.id);
    expect(leads.map((l) => [l.name, l.publisher_id, l.push_status])).toEqual([
      ['Ravi', Number(publisher.id), 'skipped'],
      ['Meena', Number(publisher.id), 'skipped'],
    ]);
  });

  it('offers a sample CSV that imports as it is', async () => {
    const sample = await t.call('GET', '/api/admin/leads/import/sample.csv', { token });
    expect(sample.status).toBe(200);
    expect(sample.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(sample.headers['content-disposition']).toBe('attachment; filename="leads-sample.csv"');
    expect(sample.text.split('\r\n')[0]).toBe(
      'Full Name,Phone,Email,Country,IP,Address,Comment,Sub1,Sub2,Sub3,Sub4,Sub5,Product Size',
    );
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId });
    const response = await importCsv(offer.id, sample.text);
    expect(response.body).toMatchObject({ rows: 2, imported: 2, failed: 0, custom_fields: ['Product Size'] });
    const [john] = await leadsOf(offer.id);
    expect(john).toMatchObject({ address: '12 MG Road, Bengaluru', ip: '49.36.0.10', sub3: 'creative-3' });
  });

  it('counts rows against the daily cap and reports the rows over it', async () => {
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId, daily_cap: 2 });
    const response = await importCsv(
      offer.id,
      'Full Name,Phone\nA,+919822222221\nB,+919822222222\nC,+919822222223\n',
    );
    expect(response.body).toMatchObject({
      imported: 2,
      failed: 1,
      errors: [{ row: 4, field: 'offer_id', message: expect.stringMatching(/daily cap of 2/) }],
    });
  });

  it('keeps the rows before a broken line and says where reading stopped', async () => {
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId });
    const response = await importCsv(
      offer.id,
      'Full Name,Phone\nA,+919833333331\n"B,+919833333332\nC,+919833333333\n',
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ rows: 2, imported: 1, failed: 1, complete: false });
    expect(response.body.errors).toEqual([
      { row: 4, field: 'file', message: expect.stringMatching(/^not valid CSV: Quote Not Closed/) },
    ]);
    const skipped = await importCsv(
      offer.id,
      'Full Name,Phone\nD,+919833333334\nE"x,+919833333335\nF,+919833333336\n',
    );
    expect(skipped.body).toMatchObject({ rows: 3, imported: 2, failed: 1, complete: true });
    expect(skipped.body.errors).toEqual([
      { row: 3, field: 'file', message: expect.stringMatching(/^not valid CSV: Invalid Opening Quote/) },
    ]);
  });

  it('refuses a file without the required columns, an empty file, an unknown or paused offer', async () => {
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId });
    const noPhone = await importCsv(offer.id, 'Full Name,Email\nA,a@example.com\n');
    expect(noPhone.status).toBe(422);
    expect(noPhone.body.message).toMatch(/missing Phone/);
    const empty = await importCsv(offer.id, '');
    expect(empty.status).toBe(422);
    expect(empty.body.message).toMatch(/empty/);
    expect((await importCsv('999999', 'Full Name,Phone\n')).status).toBe(404);
    await t.call('PATCH', `/api/admin/offers/${offer.id}`, { token, body: { status: 'paused' } });
    const paused = await importCsv(offer.id, 'Full Name,Phone\nA,+919844444441\n');
    expect(paused.status).toBe(403);
    expect(paused.body.error).toBe('offer_paused');
    const kept = await importCsv(offer.id, 'Full Name,Phone\nA,+919844444441\n', { push: 'false' });
    expect(kept.body).toMatchObject({ imported: 1 });
    const json = await t.call('POST', '/api/admin/leads/import', {
      token,
      query: { offer_id: offer.id },
      body: {},
    });
    expect(json.status).toBe(422);
    expect(json.body.field).toBe('file');
  });

  it('is for admins only', async () => {
    const response = await t.call('POST', '/api/admin/leads/import', {
      query: { offer_id: '1' },
      body: 'Full Name,Phone\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(response.status).toBe(401);
  });
});
