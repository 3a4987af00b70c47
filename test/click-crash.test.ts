import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createContext, createLogger } from '../src/context.js';
import { createDatabase } from '../src/db/database.js';
import { createAdvertiser } from '../src/modules/advertisers/save-advertiser.js';
import { createOffer } from '../src/modules/offers/save-offer.js';
import { createPublisher } from '../src/modules/publishers/save-publisher.js';
import { freePort, spawnCli, waitForLine } from './helpers/cli.js';
import { type FakeServer, startFakeServer } from './helpers/fake-server.js';
import { TEST_SECRET } from './helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-db.js';

/**
 * kill -9 a real `leadrail start` under click, lead and postback load (on the project's database:
 * SQLite and PostgreSQL), start it again, and find every answered click, lead and postback stored.
 * Clicks wait a second in the write batch, so the kill always catches answered clicks that only the
 * spool holds (issue 18 item 2).
 */

type Kind = 'click' | 'lead' | 'postback';
interface Sent {
  kind: Kind;
  status?: number;
  id?: string;
  clickId?: string;
}

const LOOPS = 6;

describe('a process crash under load', () => {
  let database: TestDatabase;
  let advertiser: FakeServer;
  let spoolDir: string;
  let env: Record<string, string>;
  let offerId: string;
  let publisherId: string;
  let postbackToken: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    advertiser = await startFakeServer({ status: 200, body: '{"id":"adv-1"}' });
    spoolDir = mkdtempSync(join(tmpdir(), 'leadrail-spool-'));
    env = {
      DATABASE_URL: database.url,
      SECRET_KEY: TEST_SECRET,
      LOG_LEVEL: 'info',
      TRUST_PROXY: '1',
      INTAKE_RATE_LIMIT: '0',
      ALLOW_PRIVATE_TARGETS: '1',
      CLICK_BATCH_MS: '1000',
      CLICK_SPOOL_DIR: spoolDir,
    };
    const ctx = await createContext(loadConfig({ ...env, LOG_LEVEL: 'silent' }), {
      logger: createLogger({ logLevel: 'silent' }),
    });
    try {
      const adv = await createAdvertiser(ctx, {
        name: 'Crash Adv',
        integration_type: 'api_post',
        post_encoding: 'json',
        endpoint_url: `${advertiser.url}/leads`,
      });
      postbackToken = adv.postback_token;
      const offer = await createOffer(ctx, {
        name: 'Crash Offer',
        advertiser_id: adv.id,
        landing_url: 'https://lander.example/?click_id={click_id}',
        adv_payout: '10.00',
        pub_payout: '7.00',
      });
      offerId = String(offer.id);
      const publisher = await createPublisher(ctx, {
        name: 'Crash Pub',
        email: 'crash@example.com',
        password: 'publisher-password',
        status: 'approved',
      });
      publisherId = String(publisher.id);
    } finally {
      await ctx.close();
    }
  }, 60_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await advertiser?.close();
    await database?.drop();
    rmSync(spoolDir, { recursive: true, force: true });
  });

  async function start(): Promise<{ child: ChildProcess; port: number; output: () => string }> {
    const port = await freePort();
    const child = spawnCli(['start'], { ...env, PORT: String(port), HOST: '127.0.0.1' });
    children.push(child);
    let output = '';
    const keep = (d: Buffer) => {
      output = (output + d.toString()).slice(-200_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await waitForLine(child, /leadrail listening/, 60_000);
    return { child, port, output: () => output };
  }

  async function send(port: number, kind: Kind, path: string, init: RequestInit = {}): Promise<Sent> {
    const sent: Sent = { kind };
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        ...init,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      sent.status = response.status;
      const body = await response.text();
      if (kind === 'click' && response.status === 302)
        sent.id = new URL(response.headers.get('location') ?? '').searchParams.get('click_id') ?? undefined;
      if (kind === 'lead' && response.status === 201) sent.id = (JSON.parse(body) as { id: string }).id;
      if (kind === 'postback') sent.id = response.headers.get('x-postback-log-id') ?? undefined;
    } catch {
      // The process was killed under this request: it was never answered.
    }
    return sent;
  }

  it('stores every click, lead and postback answered before kill -9, after a restart', async () => {
    const first = await start();
    const sent: Sent[] = [];
    let stopped = false;
    let n = 0;
    const loop = async (worker: number) => {
      while (!stopped) {
        const i = n++;
        const headers = {
          'x-forwarded-for': `10.${worker}.${(i >> 8) & 255}.${i & 255}`,
          'user-agent': 'Mozilla/5.0 Chrome/126.0',
        };
        const click = await send(
          first.port,
          'click',
          `/click?offer_id=${offerId}&pub_id=${publisherId}&sub1=${i}`,
          {
            headers,
          },
        );
        sent.push(click);
        if (click.status !== 302 || !click.id) {
          if (click.status === undefined) return;
          continue;
        }
        if (i % 2 === 0) {
          const lead = await send(first.port, 'lead', '/api/lead', {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify({
              click_id: click.id,
              name: `Visitor ${i}`,
              phone: `+9198${String(i).padStart(8, '0')}`,
            }),
          });
          sent.push({ ...lead, clickId: click.id });
        }
        if (i % 3 === 0) {
          const postback = await send(
            first.port,
            'postback',
            `/postback?click_id=${click.id}&status=approved&token=${postbackToken}`,
          );
          sent.push({ ...postback, clickId: click.id });
        }
      }
    };
    const loops = Array.from({ length: LOOPS }, (_, w) => loop(w));
    const answered = (kind: Kind, status: number) =>
      sent.filter((s) => s.kind === kind && s.status === status);
    const deadline = Date.now() + 30_000;
    // Counts, not seconds: a slow machine still gets the kill in the middle of traffic.
    while (
      (answered('click', 302).length < 100 || answered('postback', 200).length < 5) &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    first.child.kill('SIGKILL');
    stopped = true;
    await Promise.all(loops);
    await new Promise((resolve) =>
      // Killed by a signal, a child keeps exitCode null: signalCode tells it has already gone.
      first.child.exitCode === null && first.child.signalCode === null
        ? first.child.once('exit', resolve)
        : resolve(null),
    );
    const leftBehind = readdirSync(spoolDir).length;
    const second = await start();
    const clicks = answered('click', 302).map((s) => s.id as string);
    const leads = answered('lead', 201).map((s) => s.id as string);
    const postbacks = answered('postback', 200);
    expect(clicks.length).toBeGreaterThanOrEqual(100);
    expect(leads.length).toBeGreaterThan(0);
    expect(postbacks.length).toBeGreaterThan(0);

    const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
    const handle = createDatabase(config.database);
    try {
      const ids = async (table: 'clicks' | 'leads' | 'postback_log', wanted: string[]) => {
        const found = new Set<string>();
        for (let i = 0; i < wanted.length; i += 200) {
          const rows = await handle.db
            .selectFrom(table)
            .select('id')
            .where('id', 'in', wanted.slice(i, i + 200))
            .execute();
          for (const r of rows) found.add(String(r.id));
        }
        return wanted.filter((id) => !found.has(id));
      };
      expect(await ids('clicks', clicks)).toEqual([]);
      expect(await ids('leads', leads)).toEqual([]);
      expect(
        await ids(
          'postback_log',
          postbacks.map((p) => p.id as string),
        ),
      ).toEqual([]);
      const approved = new Set(
        (
          await handle.db
            .selectFrom('conversions')
            .select('click_id')
            .where('status', '=', 'approved')
            .execute()
        ).map((r) => r.click_id),
      );
      expect(postbacks.filter((p) => !approved.has(p.clickId as string)).map((p) => p.clickId)).toEqual([]);
      // A replay never doubles a click (insert … on conflict (id) do nothing).
      const total = await handle.db
        .selectFrom('clicks')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(total.n)).toBeLessThanOrEqual(sent.filter((s) => s.kind === 'click').length);
    } finally {
      await handle.destroy();
    }
    expect(leftBehind, 'the killed process left its spool').toBeGreaterThan(0);
    const replayed = second.output().match(/"clicks":(\d+),"files":\d+,"msg":"replayed the click spool/);
    expect(replayed, second.output().slice(-3000)).not.toBeNull();
    expect(Number(replayed?.[1])).toBeGreaterThan(0);
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
    expect(readdirSync(spoolDir), 'a graceful stop leaves no spool behind').toEqual([]);
  }, 150_000);
});
