import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../src/modules/auth/sessions.js';
import { makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** Saved reports (issue 21 item 4): each person's own named report settings, checked when saved. */
let t: TestApp;
let owner: string;
let analyst: string;
let publisherA: { id: string; token: string };
let publisherB: { id: string; token: string };

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.adminToken();
  const created = await t.call('POST', '/api/admin/users', {
    token: owner,
    body: { email: 'analyst@saved.test', password: 'analyst-password', role: 'analyst' },
  });
  expect(created.status, created.text).toBe(201);
  analyst = (await createSession(t.ctx, 'admin', Number(created.body.id))).token;
  publisherA = await makePublisher(t, owner, { name: 'Alpha Media' });
  publisherB = await makePublisher(t, owner, { name: 'Beta Ads' });
}, 120_000);
afterAll(() => t.close());

describe('saved reports', () => {
  it('saves, lists, replaces by name and deletes an admin grouped report', async () => {
    const saved = await t.call('POST', '/api/admin/saved-reports', {
      token: owner,
      body: {
        report: 'grouped',
        name: 'India by offer',
        params: 'from=2026-05-01&to=2026-05-31&group_by=offer,sub1&f_country=IN&format=csv',
      },
    });
    expect(saved.status, saved.text).toBe(201);
    expect(saved.body.params).toBe('from=2026-05-01&to=2026-05-31&group_by=offer%2Csub1&f_country=IN');
    expect(saved.body.relative).toBeNull();
    // The saved params open the report as they are.
    const opened = await t.call('GET', `/api/admin/reports/grouped?${saved.body.params}`, { token: owner });
    expect(opened.status, opened.text).toBe(200);

    const again = await t.call('POST', '/api/admin/saved-reports', {
      token: owner,
      body: {
        report: 'grouped',
        name: 'India by offer',
        params: 'group_by=country',
        relative: { days: 7, end_offset: 0 },
      },
    });
    expect(again.status, again.text).toBe(200);
    expect(again.body.id).toBe(saved.body.id);
    expect(again.body.relative).toEqual({ days: 7, end_offset: 0 });
    expect(again.body.params).toBe('group_by=country');

    const custom = await t.call('POST', '/api/admin/saved-reports', {
      token: owner,
      body: {
        report: 'custom',
        name: 'Monthly',
        params: 'group_by=offer&sub1=fb',
        relative: { days: 30, end_offset: 1 },
      },
    });
    expect(custom.status, custom.text).toBe(201);

    const list = await t.call('GET', '/api/admin/saved-reports?report=grouped', { token: owner });
    expect(list.body.data.map((r: { name: string }) => r.name)).toEqual(['India by offer']);
    const all = await t.call('GET', '/api/admin/saved-reports', { token: owner });
    expect(all.body.data).toHaveLength(2);

    expect(
      (await t.call('DELETE', `/api/admin/saved-reports/${custom.body.id}`, { token: owner })).status,
    ).toBe(204);
    expect((await t.call('GET', '/api/admin/saved-reports', { token: owner })).body.data).toHaveLength(1);
  });

  it('refuses settings the report would refuse, so a saved report always opens', async () => {
    const cases = [
      ['grouped', 'from=2026-05-01&to=2026-05-31&group_by=nonsense'],
      ['grouped', 'from=2026-05-01&to=2026-05-31&group_by=offer&evil=1'],
      ['grouped', 'group_by=offer'],
      ['grouped', 'from=2026-05-01&from=2026-05-02&to=2026-05-31&group_by=offer'],
      ['custom', 'from=2026-05-01&to=2026-05-31&offer_id=abc'],
    ] as const;
    for (const [report, params] of cases) {
      const refused = await t.call('POST', '/api/admin/saved-reports', {
        token: owner,
        body: { report, name: `bad ${params}`, params },
      });
      expect(refused.status, params).toBe(422);
      expect(refused.body.field).toBe('params');
    }
    const blank = await t.call('POST', '/api/admin/saved-reports', {
      token: owner,
      body: { report: 'grouped', name: '   ', params: 'group_by=offer&from=2026-05-01&to=2026-05-02' },
    });
    expect(blank.status).toBe(422);
  });

  it("keeps each person's reports private: another admin or publisher neither sees nor deletes them", async () => {
    const mine = await t.call('POST', '/api/admin/saved-reports', {
      token: owner,
      body: {
        report: 'grouped',
        name: 'Owner only',
        params: 'group_by=date',
        relative: { days: 7, end_offset: 0 },
      },
    });
    expect(mine.status).toBe(201);
    const theirs = await t.call('GET', '/api/admin/saved-reports', { token: analyst });
    expect(theirs.status).toBe(200);
    expect(theirs.body.data).toEqual([]);
    expect(
      (await t.call('DELETE', `/api/admin/saved-reports/${mine.body.id}`, { token: analyst })).status,
    ).toBe(404);
    expect(
      (await t.call('DELETE', `/api/publisher/saved-reports/${mine.body.id}`, { token: publisherA.token }))
        .status,
    ).toBe(404);
    // The same name is free for another person.
    const sameName = await t.call('POST', '/api/admin/saved-reports', {
      token: analyst,
      body: {
        report: 'grouped',
        name: 'Owner only',
        params: 'group_by=offer',
        relative: { days: 1, end_offset: 0 },
      },
    });
    expect(sameName.status, sameName.text).toBe(201);
    expect(
      (await t.call('GET', '/api/admin/saved-reports', { token: owner })).body.data.map(
        (r: { name: string }) => r.name,
      ),
    ).toContain('Owner only');
  });

  it("gives publishers their own, with the portal's groupings only", async () => {
    const saved = await t.call('POST', '/api/publisher/saved-reports', {
      token: publisherA.token,
      body: {
        report: 'grouped',
        name: 'By sub1',
        params: 'group_by=sub1,country',
        relative: { days: 30, end_offset: 0 },
      },
    });
    expect(saved.status, saved.text).toBe(201);
    const other = await t.call('GET', '/api/publisher/saved-reports', { token: publisherB.token });
    expect(other.body.data).toEqual([]);
    const own = await t.call('GET', '/api/publisher/saved-reports', { token: publisherA.token });
    expect(own.body.data.map((r: { name: string }) => r.name)).toEqual(['By sub1']);
    const byPublisher = await t.call('POST', '/api/publisher/saved-reports', {
      token: publisherA.token,
      body: {
        report: 'grouped',
        name: 'Peek',
        params: 'group_by=publisher',
        relative: { days: 7, end_offset: 0 },
      },
    });
    expect(byPublisher.status).toBe(422);
    const custom = await t.call('POST', '/api/publisher/saved-reports', {
      token: publisherA.token,
      body: {
        report: 'custom',
        name: 'Custom',
        params: 'group_by=day',
        relative: { days: 7, end_offset: 0 },
      },
    });
    expect(custom.status).toBe(422);
    // A publisher token is no admin token.
    expect((await t.call('GET', '/api/admin/saved-reports', { token: publisherA.token })).status).toBe(403);
  });

  it('holds at most 50 per person and report', async () => {
    const t2 = await createTestApp();
    try {
      const token = await t2.adminToken();
      for (let i = 0; i < 50; i++) {
        const ok = await t2.call('POST', '/api/admin/saved-reports', {
          token,
          body: {
            report: 'grouped',
            name: `r${i}`,
            params: 'group_by=date',
            relative: { days: 7, end_offset: 0 },
          },
        });
        expect(ok.status).toBe(201);
      }
      const full = await t2.call('POST', '/api/admin/saved-reports', {
        token,
        body: {
          report: 'grouped',
          name: 'r50',
          params: 'group_by=date',
          relative: { days: 7, end_offset: 0 },
        },
      });
      expect(full.status).toBe(422);
      expect(full.body.message).toMatch(/at most 50/);
    } finally {
      await t2.close();
    }
  }, 60_000);
});
