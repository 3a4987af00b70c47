import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { ADMIN, type RunningServer, startBuiltServer } from './helpers/server.js';

const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
const PUBLISHER = { email: 'splits@media.test', password: 'splits-password-1' };

/** Issue 19 items 2, 6 and 7 on screen: a flow's split-test results and the click simulator, admin and portal. */
describe('split-test results and simulate a click', () => {
  let server: RunningServer;
  let browser: Browser;
  let operator: Person;
  let flow: { id: string; code: string };
  let token: string;

  async function call(method: string, path: string, body?: unknown) {
    const r = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${method} ${path} → ${r.status}: ${await r.text()}`);
    return r.json();
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer({ TRUST_PROXY: '1' }), launchChromium()]);
    const post = await adminApi(server.url);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    token = ((await login.json()) as { token: string }).token;
    const pub = await post('/api/admin/publishers', {
      name: 'Split Media',
      status: 'approved',
      ...PUBLISHER,
    });
    const advertiser = await post<{ id: string; postback_token: string }>('/api/admin/advertisers', {
      name: 'Split Books',
      endpoint_url: 'https://advertiser.example/lead',
    });
    const offer = await post('/api/admin/offers', {
      name: 'Split Books Trial',
      advertiser_id: advertiser.id,
      landing_url: `${server.url}/healthz?offer=1&click_id={click_id}`,
      adv_payout: '10.00',
      pub_payout: '7.00',
      geo: '',
    });
    flow = await post<{ id: string; code: string }>('/api/admin/flows', {
      publisher_id: pub.id,
      offer_id: offer.id,
      name: 'India test',
    });
    await call('PUT', `/api/admin/flows/${flow.id}/streams`, {
      streams: [
        {
          name: 'India Android: landing A/B',
          filters: {
            type: 'and',
            filters: [
              { type: 'country', values: ['IN'] },
              { type: 'os', values: ['Android'] },
            ],
          },
          arms: [
            { type: 'url', url: `${server.url}/healthz?arm=a&c={click_id}`, weight: 50 },
            { type: 'url', url: `${server.url}/healthz?arm=b&c={click_id}`, weight: 50 },
          ],
          auto: { enabled: true, metric: 'cr', min_share_pct: 10, min_sample: 100 },
        },
        { name: 'Everyone else', arms: [{ type: 'trafficback' }] },
      ],
    });
    // 60 Indian Android clicks; arm A converts about every third click, arm B every tenth.
    const byArm: Record<string, string[]> = { a: [], b: [] };
    for (let i = 1; i <= 60; i++) {
      const r = await fetch(`${server.url}/f/${flow.code}`, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': `49.36.${Math.floor(i / 200) + 1}.${i}`, 'user-agent': ANDROID },
      });
      expect(r.status).toBe(302);
      const location = new URL(r.headers.get('location') ?? '');
      byArm[location.searchParams.get('arm') ?? '']?.push(location.searchParams.get('c') ?? '');
    }
    const approve = async (clickId: string) => {
      const r = await fetch(
        `${server.url}/postback?click_id=${clickId}&status=approved&payout=10.00&token=${advertiser.postback_token}`,
      );
      expect(r.status).toBe(200);
    };
    for (const [i, id] of (byArm.a ?? []).entries()) if (i % 3 === 0) await approve(id);
    for (const [i, id] of (byArm.b ?? []).entries()) if (i % 10 === 0) await approve(id);
    // Spread the clicks over the last six days (the server's clock cannot be moved) and log one
    // bandit shift (it runs every 15 minutes), so the time series and the shift list have content.
    await new Promise((r) => setTimeout(r, 1500)); // the click writer's batch reaches the database
    const db = new Database(server.databaseFile);
    const rows = db
      .prepare('select id, arm_id from clicks where stream_id is not null order by id')
      .all() as {
      id: string;
      arm_id: number;
    }[];
    const arms = [...new Set(rows.map((r) => r.arm_id))].sort((x, y) => x - y);
    const update = db.prepare('update clicks set created_at = ? where id = ?');
    rows.forEach((r, i) => {
      update.run(new Date(Date.now() - (i % 6) * 86_400_000 - 60_000).toISOString(), r.id);
    });
    const streamId = db
      .prepare('select id from flow_streams where flow_id = ? order by position')
      .get(flow.id) as {
      id: number;
    };
    db.prepare(
      'insert into stream_weight_shifts (stream_id, created_at, reason, weights_before, weights_after, stats) values (?, ?, ?, ?, ?, ?)',
    ).run(
      streamId.id,
      new Date(Date.now() - 2 * 86_400_000).toISOString(),
      'thompson',
      JSON.stringify(arms.map((id) => ({ arm_id: String(id), weight: 50 }))),
      JSON.stringify(arms.map((id, i) => ({ arm_id: String(id), weight: i === 0 ? 7400 : 2600 }))),
      '[]',
    );
    db.close();
    operator = await newPerson(browser, server.url, { width: 1440, height: 900 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows each arm's clicks, leads, CR and EPC with intervals, the charts and the logged shift", async () => {
    const { page } = operator;
    await signInAsAdmin(page, '/admin/flows');
    await page.getByRole('link', { name: `Split test of flow ${flow.code}` }).click();
    await page.getByRole('heading', { name: /Split test · flow India test/ }).waitFor();
    const stream = page.getByRole('region', { name: 'Stream India Android: landing A/B' });
    const table = stream.getByRole('table', { name: 'Arms of India Android: landing A/B' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    const first = await rows.nth(0).innerText();
    expect(first).toContain('A · url');
    expect(first).toMatch(/\d+\.\d\d %\s+\(\d+\.\d\d %–\d+\.\d\d %\)/);
    expect(first).toMatch(/\d+\.\d\d USD/);
    const clicks = await rows.evaluateAll((trs) =>
      trs.map((tr) => Number((tr.querySelectorAll('td')[1]?.textContent ?? '0').replace(/,/g, ''))),
    );
    expect(clicks.reduce((a, b) => a + b, 0)).toBe(60);
    await stream.getByText('Conversion rate by arm').first().waitFor();
    await stream.getByText('EPC by arm (USD)').first().waitFor();
    await stream.getByText("Share of the stream's clicks per day").first().waitFor();
    // Six days of clicks: six stacked bars with two arms each (drawn as rects with a title).
    expect(await stream.locator('figure').nth(2).locator('svg rect').count()).toBeGreaterThanOrEqual(6);
    await stream.getByText(/A 50 % → 74 %, B 50 % → 26 %/).waitFor();
    await screenshot(page, 'split-test-1440');

    const phone = await newPerson(browser, server.url, { width: 390, height: 844 });
    await signInAsAdmin(phone.page, `/admin/flows/${flow.id}/split-test`);
    await phone.page.getByText('Conversion rate by arm').first().waitFor();
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phone.page, 'split-test-390');
    expect([...operator.problems, ...phone.problems]).toEqual([]);
    await phone.context.close();
  });

  it('simulates a click: every check and stream with its result, the chosen target and the final URL', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: 'Simulate a click' }).click();
    const form = page.getByRole('form', { name: 'Simulated visitor' });
    await form.getByLabel('Address').fill('49.36.0.10');
    await form.getByLabel('Device preset').selectOption({ label: 'Android phone (Chrome)' });
    await form.getByLabel('sub1').fill('camp-7');
    await form.getByRole('button', { name: 'Simulate click' }).click();
    const outcome = page.getByRole('region', { name: 'Outcome' });
    await outcome.getByText('Accepted').waitFor();
    expect(await page.getByTestId('sim-location').innerText()).toMatch(/\/healthz\?arm=[ab]&c=SIMULATED$/);
    const checks = page.getByRole('region', { name: 'Checks' });
    await checks.getByText('User agent is not a bot').waitFor();
    const chosen = page.locator('.sim-stream-chosen');
    expect(await chosen.innerText()).toContain('India Android: landing A/B');
    expect(await chosen.innerText()).toContain('visitor: IN');
    await page.getByRole('region', { name: 'Visitor' }).getByText('Android', { exact: true }).waitFor();
    // The address's region (IN-MH) and ASN come from DB-IP's CC BY 4.0 databases: credited and linked.
    const visitorBox = page.getByRole('region', { name: 'Visitor' });
    await visitorBox.getByText(/Maharashtra/).waitFor();
    const credit = visitorBox.getByRole('link', { name: 'Regions and networks: IP Geolocation by DB-IP' });
    expect(await credit.getAttribute('href')).toBe('https://db-ip.com');
    await screenshot(page, 'simulate-1440');

    // A headless browser's agent is refused as a bot: the usual reason a first test click fails.
    await form.getByLabel('Device preset').selectOption({ label: 'Headless Chrome (a bot)' });
    await form.getByRole('button', { name: 'Simulate click' }).click();
    // Said in words; the code stays in the tooltip.
    await outcome.getByText('Refused: Bot user agent').waitFor();
    expect(await outcome.getByTitle('bot_ua').innerText()).toBe('Bot user agent');
    expect(operator.problems).toEqual([]);
  });

  it('lets the publisher open the same screens for their own flow, without the fraud checks', async () => {
    const publisher = await newPerson(browser, server.url, { width: 390, height: 844 });
    const { page } = publisher;
    await page.goto('/webmaster/flows');
    await page.getByLabel('Email').fill(PUBLISHER.email);
    await page.getByLabel('Password').fill(PUBLISHER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: `Simulate a click on flow ${flow.code}` }).click();
    const form = page.getByRole('form', { name: 'Simulated visitor' });
    await form.getByLabel('Country').fill('in');
    await form.getByRole('button', { name: 'Simulate click' }).click();
    await page.getByRole('region', { name: 'Outcome' }).getByText('Accepted').waitFor();
    const checks = await page.getByRole('region', { name: 'Checks' }).innerText();
    expect(checks).not.toContain('User agent is not a bot');
    expect(checks).not.toContain('Address not blocked');
    await screenshot(page, 'simulate-portal-390');
    await page.getByRole('link', { name: 'Split test' }).click();
    await page.getByText('Conversion rate by arm').first().waitFor();
    await screenshot(page, 'split-test-portal-390');
    expect(publisher.problems).toEqual([]);
    await publisher.context.close();
  });
});
