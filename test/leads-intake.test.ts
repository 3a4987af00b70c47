import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { BROWSER, countRows, leadRow, makeClick, nextPhone, submitLead } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;
let advertiserId: string;
let pub: { id: string; token: string };

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
  advertiserId = (await makeAdvertiser(t, token)).id;
  pub = await makePublisher(t, token);
});
afterAll(() => t.close());

const newOffer = (overrides: Record<string, unknown> = {}) =>
  makeOffer(t, token, { advertiser_id: advertiserId, ...overrides });

const pushJobs = () =>
  t.ctx.db.selectFrom('jobs').selectAll().where('type', '=', 'lead_push').orderBy('id').execute();

describe('POST /api/lead', () => {
  it('takes a JSON lead by click id: subs, country and visitor from the click, push queued with it', async () => {
    const offer = await newOffer();
    const clickId = await makeClick(t, offer.id, pub.id, {
      ip: '49.36.0.77',
      query: '&sub1=fb&sub2=adset&sub3=c3',
    });
    const jobsBefore = (await pushJobs()).length;
    const response = await submitLead(
      t,
      {
        click_id: clickId,
        name: 'John',
        phone: '+91 98765 43210',
        email: 'John@Example.com',
        sub2: 'override',
        comment: 'call after 6',
        address: '12 MG Road',
      },
      { 'user-agent': 'GuzzleHttp/7', 'x-forwarded-for': '203.0.113.9' },
    );
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9A-Z]{26}$/), status: 'processing' });

    const lead = await leadRow(t, response.body.id);
    expect(lead).toMatchObject({
      source: 'api',
      click_id: clickId,
      offer_id: Number(offer.id),
      advertiser_id: Number(advertiserId),
      publisher_id: Number(pub.id),
      status: 'processing',
      fraud_rule: null,
      name: 'John',
      phone: '+91 98765 43210',
      phone_e164: '+919876543210',
      email: 'john@example.com',
      country: 'IN',
      // The server-side relay's address and user agent are not the visitor's: the click's are.
      ip: '49.36.0.77',
      user_agent: BROWSER,
      sub1: 'fb',
      sub2: 'override',
      sub3: 'c3',
      sub4: null,
      comment: 'call after 6',
      address: '12 MG Road',
      push_status: 'pending',
      push_attempts: 0,
    });
    const jobs = await pushJobs();
    expect(jobs).toHaveLength(jobsBefore + 1);
    expect(JSON.parse(jobs.at(-1)!.payload)).toEqual({ leadId: lead.id });
    const usage = await t.ctx.db
      .selectFrom('offer_cap_usage')
      .selectAll()
      .where('offer_id', '=', Number(offer.id))
      .executeTakeFirst();
    expect(usage).toMatchObject({ day: '2026-06-01', used: 1 });
  });

  it('takes a form-encoded lead by offer and publisher, with meta[xxx] custom fields', async () => {
    const offer = await newOffer();
    const form = new URLSearchParams({
      offer_id: offer.id,
      pub_id: pub.id,
      name: 'Asha K',
      phone: '+919812345670',
      country: 'in',
      ip: '49.36.9.9',
      sub1: 'native',
      'meta[size]': 'XL',
      'meta[colour]': 'red',
      utm_source: 'taboola',
    });
    const response = await submitLead(t, form.toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(201);
    const lead = await leadRow(t, response.body.id);
    expect(lead).toMatchObject({
      click_id: null,
      country: 'IN',
      ip: '49.36.9.9',
      sub1: 'native',
      user_agent: BROWSER,
    });
    expect(JSON.parse(lead.meta)).toEqual({ size: 'XL', colour: 'red', utm_source: 'taboola' });
  });

  it('takes meta as a JSON object and as "meta[xxx]" keys, and JSON sent as text/plain', async () => {
    const offer = await newOffer();
    const response = await submitLead(
      t,
      JSON.stringify({
        offer_id: Number(offer.id),
        pub_id: Number(pub.id),
        phone: nextPhone(),
        meta: { size: 'M', qty: 2 },
        'meta[gift]': 'yes',
      }),
      { 'content-type': 'text/plain;charset=UTF-8' },
    );
    expect(response.status).toBe(201);
    expect(JSON.parse((await leadRow(t, response.body.id)).meta)).toEqual({
      size: 'M',
      qty: '2',
      gift: 'yes',
    });
  });

  it('reads null and empty fields as left out', async () => {
    const offer = await newOffer();
    const response = await submitLead(t, {
      click_id: null,
      offer_id: offer.id,
      pub_id: Number(pub.id),
      name: null,
      phone: nextPhone(),
      email: null,
      country: null,
      sub1: null,
      test: null,
    });
    expect(response.status).toBe(201);
    expect(await leadRow(t, response.body.id)).toMatchObject({
      name: null,
      email: null,
      sub1: null,
      status: 'processing',
    });
    const form = await submitLead(
      t,
      `click_id=&flow=&offer_id=${offer.id}&pub_id=${pub.id}&phone=${encodeURIComponent(nextPhone())}&email=`,
      {
        'content-type': 'application/x-www-form-urlencoded',
      },
    );
    expect(form.status).toBe(201);
  });

  it('takes a lead through a flow code, one per flow and subid', async () => {
    const offer = await newOffer();
    const flow = await t.call('POST', '/api/admin/flows', {
      token,
      body: { name: 'App installs', publisher_id: pub.id, offer_id: offer.id },
    });
    expect(flow.status).toBe(201);
    const body = { flow: flow.body.code, subid: 'order-77', name: 'Ravi', phone: nextPhone() };
    const first = await submitLead(t, body);
    expect(first.status).toBe(201);
    expect(await leadRow(t, first.body.id)).toMatchObject({
      flow_id: Number(flow.body.id),
      publisher_id: Number(pub.id),
      external_id: 'order-77',
    });
    const again = await submitLead(t, { ...body, phone: nextPhone() });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'subid_taken', field: 'subid' });
  });

  it("takes a form's subid shaped like our click id as the click (a local site's {click} field)", async () => {
    const offer = await newOffer();
    const clickId = await makeClick(t, offer.id, pub.id, { query: '&sub1=native' });
    const form = await submitLead(t, `subid=${clickId}&name=Meena&phone=${encodeURIComponent(nextPhone())}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(201);
    expect(await leadRow(t, form.body.id)).toMatchObject({
      click_id: clickId,
      offer_id: Number(offer.id),
      publisher_id: Number(pub.id),
      sub1: 'native',
      external_id: null,
    });
    // A tracker's own subid is no click: without other attribution the lead has none.
    const other = await submitLead(t, { subid: 'kt-2a3b4c', phone: nextPhone() });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ error: 'no_click' });
  });

  it('keeps a subid sent with a flow as the lead id, even when it is shaped like a click id', async () => {
    const offer = await newOffer();
    const flow = await t.call('POST', '/api/admin/flows', {
      token,
      body: { name: 'App', publisher_id: pub.id, offer_id: offer.id },
    });
    const subid = '01KT1GW6G0H2PTE0RGGBQX2MJD';
    const r = await submitLead(t, { flow: flow.body.code, subid, phone: nextPhone() });
    expect(r.status).toBe(201);
    expect(await leadRow(t, r.body.id)).toMatchObject({
      click_id: null,
      flow_id: Number(flow.body.id),
      external_id: subid,
    });
  });

  it('falls back to the lr_click cookie only when the submission names no click, flow or offer', async () => {
    const offer = await newOffer();
    const visited = await t.call('GET', `/click?offer_id=${offer.id}&pub_id=${pub.id}`, {
      headers: { 'x-forwarded-for': '49.36.200.1', 'user-agent': BROWSER },
    });
    const cookie = String(visited.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toMatch(/^lr_click=[0-9A-Z]{26}$/);
    const cookieClick = cookie.slice('lr_click='.length);
    const byCookie = await submitLead(t, { click_id: '', phone: nextPhone() }, { cookie });
    expect(byCookie.status).toBe(201);
    expect((await leadRow(t, byCookie.body.id)).click_id).toBe(cookieClick);
    // An explicit click wins over the cookie.
    const otherClick = await makeClick(t, offer.id, pub.id);
    const explicit = await submitLead(t, { click_id: otherClick, phone: nextPhone() }, { cookie });
    expect((await leadRow(t, explicit.body.id)).click_id).toBe(otherClick);
    // So does an offer and publisher pair.
    const byOffer = await submitLead(
      t,
      { offer_id: offer.id, pub_id: pub.id, phone: nextPhone() },
      { cookie },
    );
    expect(byOffer.status).toBe(201);
    expect((await leadRow(t, byOffer.body.id)).click_id).toBeNull();
    // A cookie that is not one of our ids is ignored.
    const junk = await submitLead(t, { phone: nextPhone() }, { cookie: 'lr_click=%7Bclick%7D' });
    expect(junk.status).toBe(422);
    expect(junk.body).toMatchObject({ error: 'no_click' });
  });

  it('makes a test lead: stored with status test, never pushed, counted toward nothing', async () => {
    const offer = await newOffer({ daily_cap: 1 });
    const jobsBefore = (await pushJobs()).length;
    const phone = nextPhone();
    const form = await submitLead(
      t,
      `offer_id=${offer.id}&pub_id=${pub.id}&phone=${encodeURIComponent(phone)}&test=1`,
      {
        'content-type': 'application/x-www-form-urlencoded',
      },
    );
    expect(form.body.status).toBe('test');
    const json = await submitLead(t, { offer_id: offer.id, pub_id: pub.id, phone, test: true });
    expect(json.status).toBe(201);
    expect(json.body.status).toBe('test');
    expect(await leadRow(t, json.body.id)).toMatchObject({
      status: 'test',
      push_status: 'skipped',
      fraud_rule: null,
    });
    expect(await pushJobs()).toHaveLength(jobsBefore);
    // A test lead is no duplicate's original and uses none of the cap.
    const real = await submitLead(t, { offer_id: offer.id, pub_id: pub.id, phone });
    expect(real.body.status).toBe('processing');
  });

  it('lets landing pages on other origins post: CORS on /api/lead only', async () => {
    const preflight = await t.call('OPTIONS', '/api/lead', {
      headers: {
        origin: 'https://lander.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-methods']).toBe('POST');
    const offer = await newOffer();
    const post = await submitLead(
      t,
      { offer_id: offer.id, pub_id: pub.id, phone: nextPhone() },
      { origin: 'https://lander.example' },
    );
    expect(post.headers['access-control-allow-origin']).toBe('*');
    const admin = await t.call('GET', '/api/admin/leads', {
      token,
      headers: { origin: 'https://evil.example' },
    });
    expect(admin.headers['access-control-allow-origin']).toBeUndefined();
    const adminPreflight = await t.call('OPTIONS', '/api/admin/leads', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(adminPreflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('lead fraud rules', () => {
  it('marks the same phone on the same offer within an hour duplicate_phone, in any format', async () => {
    const offer = await newOffer();
    const other = await newOffer();
    const base = { offer_id: offer.id, pub_id: pub.id, name: 'Dup' };
    const first = await submitLead(t, { ...base, phone: '+919811111111' });
    expect(first.body.status).toBe('processing');
    const jobsBefore = (await pushJobs()).length;
    const second = await submitLead(t, { ...base, phone: '098111 11111', country: 'IN' });
    expect(second.status).toBe(201);
    expect(second.body.status).toBe('duplicate');
    expect(await leadRow(t, second.body.id)).toMatchObject({
      status: 'duplicate',
      fraud_rule: 'duplicate_phone',
      phone: '098111 11111',
      phone_e164: '+919811111111',
      push_status: 'skipped',
    });
    expect(await pushJobs()).toHaveLength(jobsBefore);
    const elsewhere = await submitLead(t, { offer_id: other.id, pub_id: pub.id, phone: '+919811111111' });
    expect(elsewhere.body.status).toBe('processing');
    t.clock.advance(61 * 60_000);
    const later = await submitLead(t, { ...base, phone: '+91 98111 11111' });
    expect(later.body.status).toBe('processing');
  });

  it('marks the same email on the same offer within an hour duplicate_email', async () => {
    const offer = await newOffer();
    const base = { offer_id: offer.id, pub_id: pub.id };
    await submitLead(t, { ...base, email: 'asha@example.com' });
    const second = await submitLead(t, { ...base, email: 'ASHA@example.com', phone: nextPhone() });
    expect(second.body.status).toBe('duplicate');
    expect((await leadRow(t, second.body.id)).fraud_rule).toBe('duplicate_email');
  });

  it('marks a known bot user agent spam (bot_ua), stored but not pushed', async () => {
    const offer = await newOffer();
    const jobsBefore = (await pushJobs()).length;
    const header = await submitLead(
      t,
      { offer_id: offer.id, pub_id: pub.id, phone: nextPhone() },
      {
        'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)',
      },
    );
    expect(header.body.status).toBe('spam');
    const given = await submitLead(t, {
      offer_id: offer.id,
      pub_id: pub.id,
      phone: nextPhone(),
      user_agent: 'python-requests/2.31',
    });
    expect(given.body.status).toBe('spam');
    expect(await leadRow(t, given.body.id)).toMatchObject({ fraud_rule: 'bot_ua', push_status: 'skipped' });
    expect(await pushJobs()).toHaveLength(jobsBefore);
  });

  it('marks a lead from a blocked address spam (ip_blocked)', async () => {
    const offer = await newOffer();
    const blocked = await t.call('POST', '/api/admin/fraud/blocked-ips', {
      token,
      body: { ip: '49.37.0.0/16', reason: 'lead farm' },
    });
    expect(blocked.status).toBe(201);
    const response = await submitLead(t, {
      offer_id: offer.id,
      pub_id: pub.id,
      phone: nextPhone(),
      ip: '49.37.1.2',
    });
    expect(response.body.status).toBe('spam');
    expect((await leadRow(t, response.body.id)).fraud_rule).toBe('ip_blocked');
  });
});

describe('offer limits', () => {
  it('refuses leads once the daily cap is used; spam and duplicates use none of it', async () => {
    const offer = await newOffer({ daily_cap: 2 });
    const base = { offer_id: offer.id, pub_id: pub.id };
    const phone = nextPhone();
    expect((await submitLead(t, { ...base, phone })).body.status).toBe('processing');
    expect((await submitLead(t, { ...base, phone })).body.status).toBe('duplicate');
    expect((await submitLead(t, { ...base, phone: nextPhone(), user_agent: 'curl/8.0' })).body.status).toBe(
      'spam',
    );
    expect((await submitLead(t, { ...base, phone: nextPhone() })).body.status).toBe('processing');
    const leadsBefore = await countRows(t, 'leads');
    const refused = await submitLead(t, { ...base, phone: nextPhone() });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      error: 'daily_cap',
      message: expect.stringMatching(/daily cap of 2/),
    });
    expect(await countRows(t, 'leads')).toBe(leadsBefore);
    // The cap counts leads, so a click on the capped offer is turned away too.
    const capped = await makeClick(t, offer.id, pub.id);
    expect((await t.call('GET', `/api/admin/clicks/${capped}`, { token })).body.reject_reason).toBe(
      'daily_cap',
    );
    t.clock.advance(24 * 3_600_000);
    expect((await submitLead(t, { ...base, phone: nextPhone() })).status).toBe(201);
  });

  it('refuses leads for a paused offer', async () => {
    const offer = await newOffer();
    const paused = await t.call('PATCH', `/api/admin/offers/${offer.id}`, {
      token,
      body: { status: 'paused' },
    });
    expect(paused.status).toBe(200);
    const response = await submitLead(t, { offer_id: offer.id, pub_id: pub.id, phone: nextPhone() });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ error: 'offer_paused', field: 'offer_id' });
  });

  it('refuses a publisher who is not approved, and a private offer not assigned to them', async () => {
    const offer = await newOffer({ visibility: 'private' });
    const notAssigned = await submitLead(t, { offer_id: offer.id, pub_id: pub.id, phone: nextPhone() });
    expect(notAssigned.status).toBe(403);
    expect(notAssigned.body.error).toBe('offer_not_assigned');
    const pending = await makePublisher(t, token, { status: 'pending' });
    const response = await submitLead(t, {
      offer_id: (await newOffer()).id,
      pub_id: pending.id,
      phone: nextPhone(),
    });
    expect(response.status).toBe(403);
    expect(response.body.error).toBe('publisher_not_approved');
  });
});

describe('bad input gets a 4xx naming the problem, and nothing is stored or pushed', () => {
  let offer: { id: string };
  beforeAll(async () => {
    offer = await newOffer();
  });

  async function refused(body: unknown, status: number, expected: Record<string, unknown>, headers = {}) {
    const leads = await countRows(t, 'leads');
    const jobs = await countRows(t, 'jobs');
    const response = await submitLead(t, body, headers);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject(expected);
    expect(await countRows(t, 'leads')).toBe(leads);
    expect(await countRows(t, 'jobs')).toBe(jobs);
    return response;
  }

  it('missing phone and email', async () => {
    await refused({ offer_id: offer.id, pub_id: pub.id, name: 'No contact' }, 422, {
      error: 'contact_required',
      field: 'phone',
      message: 'phone or email is required',
    });
  });

  it('a phone that is not a phone, an email that is not an email, a made-up country or IP', async () => {
    const base = { offer_id: offer.id, pub_id: pub.id };
    await refused({ ...base, phone: 'call me' }, 422, {
      field: 'phone',
      message: expect.stringMatching(/phone: "call me"/),
    });
    await refused({ ...base, phone: '12345' }, 422, { field: 'phone' });
    await refused({ ...base, phone: '+999 1234 5678' }, 422, { field: 'phone' });
    await refused({ ...base, email: 'not-an-email' }, 422, { field: 'email' });
    await refused({ ...base, phone: nextPhone(), country: 'XX' }, 422, { field: 'country' });
    await refused({ ...base, phone: nextPhone(), ip: '999.1.1.1' }, 422, { field: 'ip' });
  });

  it('an unknown click id, a rejected click, an unknown flow, offer or publisher', async () => {
    await refused({ click_id: '01KT1GW6G0H2PTE0RGGBQX2MJD', phone: nextPhone() }, 404, {
      error: 'bad_click',
      field: 'click_id',
    });
    const geoOffer = await newOffer({ geo: 'IN' });
    const rejectedClick = await makeClick(t, geoOffer.id, pub.id, { ip: '8.8.8.8' });
    expect((await t.call('GET', `/api/admin/clicks/${rejectedClick}`, { token })).body.status).toBe(
      'rejected',
    );
    await refused({ click_id: rejectedClick, phone: nextPhone() }, 422, {
      error: 'rejected_click',
      message: expect.stringMatching(/geo_mismatch/),
    });
    // A click-shaped subid (a local site's form) for no click answers as an unknown click_id does.
    await refused({ subid: '01KT1GW6G0H2PTE0RGGBQX2MJD', phone: nextPhone() }, 404, {
      error: 'bad_click',
      field: 'click_id',
      message: 'click_id: no click 01KT1GW6G0H2PTE0RGGBQX2MJD',
    });
    await refused({ flow: 'nosuchflow', phone: nextPhone() }, 404, { error: 'bad_flow' });
    await refused({ offer_id: '999999', pub_id: pub.id, phone: nextPhone() }, 404, { error: 'bad_offer' });
    await refused({ offer_id: offer.id, pub_id: '999999', phone: nextPhone() }, 404, {
      error: 'bad_publisher',
    });
  });

  it('no attribution at all, or an offer without its publisher', async () => {
    await refused({ phone: nextPhone() }, 422, { error: 'no_click' });
    await refused({ offer_id: offer.id, phone: nextPhone() }, 422, { error: 'no_click', field: 'pub_id' });
  });

  it('broken JSON, a wrongly typed field, and a body over 1 MiB', async () => {
    await refused(
      '{"phone": "+919876543210",',
      400,
      { error: 'bad_request', message: expect.stringMatching(/JSON/) },
      {
        'content-type': 'application/json',
      },
    );
    await refused('{not json', 400, { error: 'bad_request' }, { 'content-type': 'text/plain' });
    await refused({ offer_id: offer.id, pub_id: pub.id, phone: nextPhone(), name: { first: 'J' } }, 400, {
      error: 'validation',
      message: expect.stringMatching(/body\.name/),
    });
    await refused(
      { offer_id: offer.id, pub_id: pub.id, phone: nextPhone(), comment: 'x'.repeat(1024 * 1024) },
      413,
      {
        error: 'too_large',
      },
    );
    await refused(
      `offer_id=${offer.id}&pub_id=${pub.id}&phone=1&comment=${'x'.repeat(1024 * 1024)}`,
      413,
      { error: 'too_large' },
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
  });
});

describe('leads arriving together', () => {
  it('are written in shared transactions yet each gets its own status, duplicate check and answer', async () => {
    const offer = await newOffer({ daily_cap: 5 });
    const other = await newOffer();
    const flow = await t.call('POST', '/api/admin/flows', {
      token,
      body: { name: 'Burst', publisher_id: pub.id, offer_id: other.id },
    });
    const same = nextPhone();
    const bodies = [
      ...Array.from({ length: 4 }, () => ({ offer_id: offer.id, pub_id: pub.id, phone: same })),
      ...Array.from({ length: 6 }, () => ({ offer_id: offer.id, pub_id: pub.id, phone: nextPhone() })),
      { flow: flow.body.code, subid: 'burst-1', phone: nextPhone() },
      { flow: flow.body.code, subid: 'burst-1', phone: nextPhone() },
      { flow: flow.body.code, subid: 'burst-2', phone: nextPhone() },
    ];
    const answers = await Promise.all(bodies.map((body) => submitLead(t, body)));
    const capped = answers.slice(0, 10);
    // At most one copy of the phone is processed; exactly 5 leads fit the cap; once it is used, the
    // rest are refused (a copy of the phone is a duplicate only while the cap still has room).
    const processing = capped.filter((a) => a.body.status === 'processing');
    const duplicates = capped.filter((a) => a.body.status === 'duplicate');
    const refused = capped.filter((a) => a.status === 403 && a.body.error === 'daily_cap');
    expect(processing).toHaveLength(5);
    expect(duplicates.length + refused.length).toBe(5);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(capped.slice(0, 4).filter((a) => a.body.status === 'processing').length).toBeLessThanOrEqual(1);
    const flowAnswers = answers.slice(10).map((a) => a.status);
    expect(flowAnswers.sort()).toEqual([201, 201, 409]);
    const stored = await t.ctx.db
      .selectFrom('leads')
      .select(['status'])
      .where('offer_id', '=', Number(offer.id))
      .execute();
    expect(stored).toHaveLength(5 + duplicates.length);
    const usage = await t.ctx.db
      .selectFrom('offer_cap_usage')
      .select('used')
      .where('offer_id', '=', Number(offer.id))
      .executeTakeFirstOrThrow();
    expect(usage.used).toBe(5);
  });
});

describe('intake rate limit', () => {
  it('answers 429 once one address passes INTAKE_RATE_LIMIT lead posts a minute; other addresses go on', async () => {
    const own = await createTestApp({ env: { INTAKE_RATE_LIMIT: '3', TRUST_PROXY: '1' } });
    try {
      const ownToken = await own.adminToken();
      const offer = await makeOffer(own, ownToken, { geo: '' });
      const publisher = await makePublisher(own, ownToken);
      const post = (ip: string) =>
        submitLead(
          own,
          { offer_id: offer.id, pub_id: publisher.id, phone: nextPhone() },
          { 'x-forwarded-for': ip },
        );
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await post('49.36.9.9')).status);
      expect(statuses).toEqual([201, 201, 201, 429, 429]);
      const refused = await post('49.36.9.9');
      expect(refused.body).toMatchObject({
        error: expect.any(String),
        message: expect.stringMatching(/rate limit/i),
      });
      expect((await post('49.36.9.10')).status).toBe(201);
      expect(await countRows(own, 'leads')).toBe(4);
      // The pixel counts apart from the form.
      const pixel = await own.call('GET', '/pixel.gif?click_id=nope', {
        headers: { 'x-forwarded-for': '49.36.9.9' },
      });
      expect(pixel.status).toBe(200);
    } finally {
      await own.close();
    }
  });
});
