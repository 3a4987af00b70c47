import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createContext, createLogger } from '../src/context.js';
import { ConfigError } from '../src/lib/errors.js';
import { fillSamplePostback, INTEGRATION_TEMPLATES } from '../src/modules/integrations/registry.js';
import type { IntegrationTemplate } from '../src/modules/integrations/template.js';
import { freePort, runCli } from './helpers/cli.js';
import { lastLog, leadsOfClick, makeClick, trackPostback } from './helpers/conversions.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, TEST_SECRET, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;
let publisher: { id: string; token: string };

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
  publisher = await makePublisher(t, token);
});
afterAll(() => t.close());

/** A sample postback URL as the network sends it, reduced to the path and query our app serves. */
function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

describe('integration catalogue API', () => {
  it('lists the templates with the postback URL in each network macros', async () => {
    const r = await t.call('GET', '/api/admin/integrations', { token });
    expect(r.status).toBe(200);
    expect(r.body.data.length).toBeGreaterThanOrEqual(30);
    const one = await t.call('GET', '/api/admin/integrations/kma', { token });
    expect(one.body.postback_url).toBe(
      'http://leadrail.test/api/track/postback.json?id=TOKEN&click={data1}&status={status}&pay={sum}&auto=1',
    );
    expect(one.body).toMatchObject({
      docs_url: 'https://wiki.kadam.net/en/index.php?diff=prev&oldid=6847&title=Configuring_postback_for_KMA',
      verification: 'partial',
    });
    expect(one.body.sample_postbacks[1]).toMatchObject({ status: 'A', lands_as: 'approved' });
    expect((await t.call('GET', '/api/admin/integrations/nope', { token })).status).toBe(404);
    expect((await t.call('GET', '/api/admin/integrations')).status).toBe(401);
  });

  it('applies a template to an advertiser: push settings, status map, postback URL with its token', async () => {
    const advertiser = await makeAdvertiser(t, token);
    const r = await t.call('POST', '/api/admin/integrations/affise/apply', {
      token,
      body: { advertiser_id: advertiser.id },
    });
    expect(r.status).toBe(200);
    expect(r.body.advertiser).toMatchObject({
      integration_type: 'api_post',
      post_encoding: 'form',
      auth_location: 'body',
      endpoint_url: 'https://api2.whocpa.asia/lead/add',
      status_map: { '1': 'approved', '2': 'new', '3': 'cancelled', '5': 'hold' },
    });
    expect(r.body.postback_url).toBe(
      `http://leadrail.test/api/track/postback.json?id=${advertiser.postback_token}&click={sub1}&exto={transactionid}&status={status}&pay={sum}&currency={currency}&auto=1`,
    );
    const again = await t.call('GET', `/api/admin/advertisers/${advertiser.id}`, { token });
    expect(again.body.status_map).toEqual(r.body.advertiser.status_map);
    const missing = await t.call('POST', '/api/admin/integrations/affise/apply', {
      token,
      body: { advertiser_id: '999999' },
    });
    expect(missing.status).toBe(404);
    const bad = await t.call('POST', '/api/admin/integrations/affise/apply', { token, body: {} });
    expect(bad.status).toBe(400);
  });

  it("saves and validates an advertiser's status map through the advertisers API", async () => {
    const advertiser = await makeAdvertiser(t, token, { status_map: { 'On-Hold': 'hold', OK2: 'approved' } });
    expect(advertiser.status_map).toEqual({ onhold: 'hold', ok2: 'approved' });
    const bad = await t.call('PATCH', `/api/admin/advertisers/${advertiser.id}`, {
      token,
      body: { status_map: { a: 'paid' } },
    });
    expect(bad.status).toBe(400);
  });

  it('lets per-request lists win over the saved map', async () => {
    const advertiser = await makeAdvertiser(t, token, { status_map: { a: 'approved', p: 'new' } });
    const offer = await makeOffer(t, token, { advertiser_id: advertiser.id, geo: '' });
    const clickId = await makeClick(t, { offer, publisher });
    await trackPostback(t, { id: advertiser.postback_token, click: clickId, status: 'p' });
    const r = await trackPostback(t, {
      id: advertiser.postback_token,
      click: clickId,
      status: 'a',
      stc: 'a',
    });
    expect(r.status).toBe(200);
    expect((await leadsOfClick(t, clickId))[0]?.status).toBe('cancelled');
  });
});

/**
 * Apply a template to a fresh advertiser and send each of its sample postbacks, filled as the
 * network fills them, for a click of its own: each must land as the template says.
 */
async function expectSamplesLand(
  app: TestApp,
  adminToken: string,
  pub: { id: string; token: string },
  template: IntegrationTemplate,
) {
  const advertiser = await makeAdvertiser(app, adminToken);
  const applied = await app.call('POST', `/api/admin/integrations/${template.key}/apply`, {
    token: adminToken,
    body: { advertiser_id: advertiser.id },
  });
  expect(applied.status, applied.text).toBe(200);
  const offer = await makeOffer(app, adminToken, { advertiser_id: advertiser.id, geo: '' });
  const url: string = applied.body.postback_url;
  const newWord = template.sample_statuses.find((s) => s.lands_as === 'new')?.word;
  for (const { word, lands_as } of template.sample_statuses) {
    const clickId = await makeClick(app, { offer, publisher: pub });
    // The network's first postback for an order is its new-lead one; then the status under test.
    if (newWord && lands_as !== 'new') {
      const created = await app.call('GET', pathOf(fillSamplePostback(url, template, clickId, newWord)));
      expect(created.status, `${template.key} ${newWord}`).toBe(200);
    }
    const sent = await app.call('GET', pathOf(fillSamplePostback(url, template, clickId, word)));
    expect(sent.status, `${template.key} ${word}: ${sent.text}`).toBe(200);
    const leads = await leadsOfClick(app, clickId);
    expect(leads).toHaveLength(1);
    expect(leads[0]?.external_id).toBe(Object.values(template.sample_values)[0]);
    expect(leads[0]?.status, `${template.key} ${word}`).toBe(lands_as === 'new' ? 'processing' : lands_as);
    if (lands_as === 'new') expect(sent.body.lead_created).toBe(true);
    expect((await lastLog(app)).answer_code).toBe('ok');
  }
}

/** A network the built-ins do not know, as an operator writes it: JSON, no code. */
const ACME = {
  key: 'acme-leads',
  name: 'Acme Leads',
  kind: 'cpa_network',
  website: 'https://acme.example',
  docs_url: 'https://acme.example/docs/postback',
  verification: 'verified',
  notes:
    'Acme sends 1 for a new lead, 2 approved, 3 rejected, 9 trash, 5 on hold; our click rides in aff_click.',
  push: {
    integration_type: 'api_post',
    post_encoding: 'json',
    auth_location: 'header',
    auth_header_name: 'X-Acme-Key',
    endpoint_url_hint: 'https://api.acme.example/v1/leads',
    payload_template: { name: '{name}', phone: '{phone}', aff_click: '{click_id}' },
    lead_id_field: 'lead.id',
  },
  click_param: 'aff_click',
  postback: { click: '{aff_click}', exto: '{lead_id}', status: '{state}', pay: '{amount}' },
  status_map: { '1': 'new', '2': 'approved', '3': 'cancelled', '9': 'wrong_number', '5': 'hold' },
  sample_values: { '{lead_id}': 'AC-4411', '{amount}': '15.00' },
  sample_statuses: [
    { word: '1', lands_as: 'new' },
    { word: '2', lands_as: 'approved' },
    { word: '3', lands_as: 'cancelled' },
    { word: '9', lands_as: 'wrong_number' },
    { word: '5', lands_as: 'hold' },
  ],
};

describe('templates as data files (INTEGRATION_TEMPLATES_DIR)', () => {
  const dirs: string[] = [];
  function templateDir(files: Record<string, unknown>): string {
    const dir = mkdtempSync(join(tmpdir(), 'leadrail-templates-'));
    dirs.push(dir);
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(
        join(dir, name),
        typeof content === 'string' ? content : JSON.stringify(content, null, 2),
      );
    }
    return dir;
  }
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('lists a template from a file next to the built-ins, and its sample postbacks land as intended', async () => {
    const dir = templateDir({ 'acme.json': ACME, 'README.txt': 'not a template' });
    const own = await createTestApp({ env: { TRUST_PROXY: '1', INTEGRATION_TEMPLATES_DIR: dir } });
    try {
      const adminToken = await own.adminToken();
      const list = await own.call('GET', '/api/admin/integrations', { token: adminToken });
      expect(list.body.data).toHaveLength(INTEGRATION_TEMPLATES.length + 1);
      expect(list.body.data.find((x: any) => x.key === 'kma').source).toBe('built-in');
      const acme = await own.call('GET', '/api/admin/integrations/acme-leads', { token: adminToken });
      expect(acme.status).toBe(200);
      expect(acme.body).toMatchObject({
        key: 'acme-leads',
        source: 'custom',
        click_param: 'aff_click',
        postback_url:
          'http://leadrail.test/api/track/postback.json?id=TOKEN&click={aff_click}&exto={lead_id}&status={state}&pay={amount}',
      });
      expect(acme.body.sample_postbacks[1]).toMatchObject({ status: '2', lands_as: 'approved' });
      const template = own.ctx.integrations.find('acme-leads')!;
      await expectSamplesLand(own, adminToken, await makePublisher(own, adminToken), template);
      // The app without the directory does not know it.
      expect((await t.call('GET', '/api/admin/integrations/acme-leads', { token })).status).toBe(404);
    } finally {
      await own.close();
    }
  });

  it('refuses to start on a bad template file, naming the file and the field', async () => {
    const broken = { ...ACME, push: { ...ACME.push, post_encoding: 'xml' } };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ 'acme.json': broken }, 'acme.json', 'push.post_encoding: must be one of json, form'],
      [{ 'a.json': ACME, 'b.json': ACME }, 'b.json', 'key: "acme-leads" is already used by a.json'],
      [{ 'kma.json': { ...ACME, key: 'kma' } }, 'kma.json', 'key: "kma" is already a built-in template'],
      [{ 'x.json': '{"key": "x",' }, 'x.json', '(file): is not valid JSON'],
      [
        { 'acme.json': { ...ACME, sample_statuses: [{ word: '7', lands_as: 'approved' }] } },
        'acme.json',
        'sample_statuses[0]: "7" would land as nothing',
      ],
    ];
    for (const [files, file, problem] of cases) {
      const dir = templateDir(files);
      const config = loadConfig({
        DATABASE_URL: 'sqlite::memory:',
        SECRET_KEY: TEST_SECRET,
        LOG_LEVEL: 'silent',
        INTEGRATION_TEMPLATES_DIR: dir,
      });
      const started = createContext(config, { logger: createLogger({ logLevel: 'silent' }) });
      await expect(started, file).rejects.toThrow(ConfigError);
      await expect(started, file).rejects.toThrow(
        `INTEGRATION_TEMPLATES_DIR: ${join(dir, file)}: ${problem}`,
      );
    }
    expect(() =>
      loadConfig({
        DATABASE_URL: 'sqlite::memory:',
        INTEGRATION_TEMPLATES_DIR: join(tmpdir(), 'no-such-dir-x'),
      }),
    ).toThrow('INTEGRATION_TEMPLATES_DIR: must be an existing directory');
  });

  it('checks a template file from the command line, and fails start the same way', async () => {
    const dir = templateDir({ 'acme.json': ACME });
    const ok = await runCli(
      ['check-template', join(dir, 'acme.json'), '--public-url', 'https://net.example'],
      {},
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('acme-leads (Acme Leads): ok');
    expect(ok.stdout).toContain(
      '2 → approved: https://net.example/api/track/postback.json?id=TOKEN&click=01KT1GW6G0H2PTE0RGGBQX2MJD&exto=AC-4411&status=2&pay=15.00',
    );
    const badDir = templateDir({ 'acme.json': { ...ACME, kind: 'exchange' } });
    const bad = await runCli(['check-template', join(badDir, 'acme.json')], {});
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('acme.json: kind: must be one of cpa_network, platform, tracker');
    const start = await runCli(['start'], {
      DATABASE_URL: 'sqlite::memory:',
      SECRET_KEY: TEST_SECRET,
      PORT: String(await freePort()),
      INTEGRATION_TEMPLATES_DIR: badDir,
    });
    expect(start.code).toBe(1);
    expect(start.stderr).toContain(
      `configuration error: INTEGRATION_TEMPLATES_DIR: ${join(badDir, 'acme.json')}: kind: must be one of`,
    );
    // Three command-line runs, each starting tsx: 20 s was too short for them on a busy 2-core machine.
  }, 90_000);
});
