import type { ChildProcess } from 'node:child_process';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createContext, createLogger } from '../src/context.js';
import { defineJob, JobRegistry } from '../src/jobs/define-job.js';
import { enqueueJob } from '../src/jobs/enqueue-job.js';
import { startWorker } from '../src/jobs/worker.js';
import { createAdvertiser } from '../src/modules/advertisers/save-advertiser.js';
import { createOffer } from '../src/modules/offers/save-offer.js';
import { createPublisher } from '../src/modules/publishers/save-publisher.js';
import { freePort, spawnCli, waitForLine } from './helpers/cli.js';
import { type FakeServer, startFakeServer } from './helpers/fake-server.js';
import { makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, TEST_SECRET } from './helpers/test-app.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from './helpers/throwaway-postgres.js';

/**
 * A real `leadrail start` on a PostgreSQL cluster of this test's own (never the shared one on 5432),
 * under sustained clicks, leads and postbacks while the database restarts and then stays away for
 * 5 seconds. Runs in the postgres project (CI), which has PostgreSQL's server binaries.
 */

type Kind = 'click' | 'lead' | 'postback';

interface Sent {
  kind: Kind;
  startedAt: number;
  endedAt: number;
  status?: number;
  contentType?: string;
  body?: string;
  /** A network failure: the server was not there to answer. */
  error?: string;
  /** The stored thing an answered request promises: click id, lead id, postback log id. */
  id?: string;
  clickId?: string;
}

interface Server {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: () => boolean;
}

const WORKERS = 6;

describe.runIf(process.env.LEADRAIL_TEST_DB === 'postgres')('a PostgreSQL outage under load', () => {
  let cluster: ThrowawayPostgres;
  let advertiser: FakeServer;
  let env: Record<string, string>;
  let server: Server | undefined;
  let offerId: string;
  let publisherId: string;
  let postbackToken: string;

  beforeAll(async () => {
    cluster = await startThrowawayPostgres();
    advertiser = await startFakeServer({ status: 200, body: '{"id":"adv-1"}' });
    env = {
      DATABASE_URL: cluster.url,
      SECRET_KEY: TEST_SECRET,
      LOG_LEVEL: 'info',
      TRUST_PROXY: '1',
      INTAKE_RATE_LIMIT: '0',
      ALLOW_PRIVATE_TARGETS: '1',
      // Clicks wait up to a second in the write batch: the outage always catches some answered ones.
      CLICK_BATCH_MS: '1000',
    };
    const ctx = await createContext(loadConfig({ ...env, LOG_LEVEL: 'silent' }), {
      logger: createLogger({ logLevel: 'silent' }),
    });
    try {
      const adv = await createAdvertiser(ctx, {
        name: 'Outage Adv',
        integration_type: 'api_post',
        post_encoding: 'json',
        endpoint_url: `${advertiser.url}/leads`,
        auth_key: 'k',
        auth_location: 'header',
        auth_header_name: 'X-Key',
      });
      postbackToken = adv.postback_token;
      const offer = await createOffer(ctx, {
        name: 'Outage Offer',
        advertiser_id: adv.id,
        adv_offer_id: '1',
        landing_url: 'https://lander.example/?click_id={click_id}',
        adv_payout: '10.00',
        pub_payout: '7.00',
      });
      offerId = String(offer.id);
      const publisher = await createPublisher(ctx, {
        name: 'Outage Pub',
        email: 'outage@example.com',
        password: 'publisher-password',
        status: 'approved',
      });
      publisherId = String(publisher.id);
    } finally {
      await ctx.close();
    }
  });

  afterAll(async () => {
    if (server && !server.exited()) server.child.kill('SIGKILL');
    await advertiser?.close();
    await cluster?.destroy();
  });

  async function ensureServer(): Promise<Server> {
    if (server && !server.exited()) return server;
    const port = await freePort();
    const child = spawnCli(['start'], { ...env, PORT: String(port), HOST: '127.0.0.1' });
    let output = '';
    let exitedAt: number | undefined;
    // Keep the pipes drained (a full pipe would stall the server), remembering the tail for failures.
    const keep = (d: Buffer) => {
      output = (output + d.toString()).slice(-5_000_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', () => {
      exitedAt = Date.now();
    });
    try {
      await waitForLine(child, /leadrail listening/);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    server = { child, port, output: () => output, exited: () => exitedAt !== undefined };
    return server;
  }

  /** Run checks on a connection of their own, closed before the cluster is stopped again. */
  async function withDb<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: cluster.url });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  async function send(
    s: Server,
    kind: Kind,
    path: string,
    init: RequestInit & { headers: Record<string, string> },
  ): Promise<Sent> {
    const sent: Sent = { kind, startedAt: Date.now(), endedAt: 0 };
    try {
      const response = await fetch(`http://127.0.0.1:${s.port}${path}`, {
        ...init,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      sent.status = response.status;
      sent.contentType = response.headers.get('content-type') ?? '';
      sent.body = await response.text();
      if (kind === 'click' && response.status === 302) {
        sent.id = new URL(response.headers.get('location') ?? '').searchParams.get('click_id') ?? undefined;
      }
      if (kind === 'lead' && response.status === 201) sent.id = JSON.parse(sent.body).id;
      if (kind === 'postback') sent.id = response.headers.get('x-postback-log-id') ?? undefined;
    } catch (error) {
      sent.error = String((error as Error).cause ?? error);
    }
    sent.endedAt = Date.now();
    return sent;
  }

  /** WORKERS loops of click → lead (every 2nd click) → postback (every 3rd), until stop(). */
  function startTraffic(s: Server, label: string) {
    const sent: Sent[] = [];
    let stopped = false;
    let n = 0;
    const loop = async (worker: number) => {
      while (!stopped) {
        const i = n++;
        // One address per click: the velocity rule (10 an hour per address) stays out of the way.
        const ip = `10.${worker}.${(i >> 8) & 255}.${i & 255}`;
        const headers = { 'x-forwarded-for': ip, 'user-agent': 'Mozilla/5.0 Chrome/126.0' };
        const click = await send(
          s,
          'click',
          `/click?offer_id=${offerId}&pub_id=${publisherId}&sub1=${label}${i}`,
          {
            headers,
          },
        );
        sent.push(click);
        if (click.status === 302 && click.id) {
          if (i % 2 === 0) {
            const lead = await send(s, 'lead', '/api/lead', {
              method: 'POST',
              headers: { ...headers, 'content-type': 'application/json' },
              body: JSON.stringify({
                click_id: click.id,
                name: `Visitor ${i}`,
                phone: `+9198${String(i).padStart(8, '0')}`,
              }),
            });
            lead.clickId = click.id;
            sent.push(lead);
          }
          if (i % 3 === 0) {
            const postback = await send(
              s,
              'postback',
              `/postback?click_id=${click.id}&status=approved&token=${postbackToken}`,
              { headers: {} },
            );
            postback.clickId = click.id;
            sent.push(postback);
          }
        }
        // Failing fast while the database is away must not turn into a busy loop.
        if (click.status !== 302) await sleep(50);
      }
    };
    const loops = Array.from({ length: WORKERS }, (_, w) => loop(w));
    return {
      sent,
      async stop() {
        stopped = true;
        await Promise.all(loops);
        return sent;
      },
    };
  }

  async function health(s: Server): Promise<number | string> {
    try {
      return (await fetch(`http://127.0.0.1:${s.port}/healthz`, { signal: AbortSignal.timeout(5000) }))
        .status;
    } catch (error) {
      return String((error as Error).cause ?? error);
    }
  }

  async function waitHealthy(s: Server, ms: number): Promise<number | string> {
    const deadline = Date.now() + ms;
    let last = await health(s);
    while (last !== 200 && Date.now() < deadline && !s.exited()) {
      await sleep(200);
      last = await health(s);
    }
    return last;
  }

  /** What an answered request promised and the database does not hold. */
  function missing(sent: Sent[]): Promise<string[]> {
    return withDb((client) => missingIn(client, sent));
  }

  async function missingIn(client: pg.Client, sent: Sent[]): Promise<string[]> {
    const ids = (kind: Kind, ok: number) =>
      sent.filter((r) => r.kind === kind && r.status === ok && r.id).map((r) => r.id as string);
    const has = async (table: string, wanted: string[]) => {
      if (wanted.length === 0) return new Set<string>();
      const rows = await client.query(`select id from ${table} where id = any($1)`, [wanted]);
      return new Set(rows.rows.map((r: { id: string }) => r.id));
    };
    const clicks = ids('click', 302);
    const leads = ids('lead', 201);
    const postbacks = ids('postback', 200);
    const storedClicks = await has('clicks', clicks);
    const storedLeads = await has('leads', leads);
    const storedLogs = await has('postback_log', postbacks);
    const approvedClicks = new Set(
      (
        await client.query(
          "select click_id from conversions where status = 'approved' and click_id = any($1)",
          [sent.filter((r) => r.kind === 'postback' && r.status === 200).map((r) => r.clickId)],
        )
      ).rows.map((r: { click_id: string }) => r.click_id),
    );
    return [
      ...clicks.filter((id) => !storedClicks.has(id)).map((id) => `click ${id}`),
      ...leads.filter((id) => !storedLeads.has(id)).map((id) => `lead ${id}`),
      ...postbacks.filter((id) => !storedLogs.has(id)).map((id) => `postback log ${id}`),
      ...sent
        .filter((r) => r.kind === 'postback' && r.status === 200 && !approvedClicks.has(r.clickId as string))
        .map((r) => `approved conversion of click ${r.clickId}`),
    ];
  }

  /** Answered clicks may still be in the write batch for a moment after recovery. */
  async function waitStored(sent: Sent[], ms: number): Promise<string[]> {
    const deadline = Date.now() + ms;
    let lost = await missing(sent);
    while (lost.length > 0 && Date.now() < deadline) {
      await sleep(250);
      lost = await missing(sent);
    }
    return lost;
  }

  function summary(sent: Sent[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of sent) {
      const key = `${r.kind} ${r.status ?? (r.error?.slice(0, 40) || 'no answer')}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  /** Every failure is an answer: 500/503 with a JSON error, never a dropped connection. */
  function badFailures(sent: Sent[]): Sent[] {
    return sent.filter((r) => {
      if (r.error !== undefined || r.status === undefined) return true;
      if (r.status < 500) return false;
      if (r.status !== 500 && r.status !== 503) return true;
      try {
        return (
          !r.contentType?.includes('application/json') || typeof JSON.parse(r.body ?? '').error !== 'string'
        );
      } catch {
        return true;
      }
    });
  }

  it('survives a restart in the middle of sustained traffic and loses no answered click, lead or postback', async () => {
    const s = await ensureServer();
    const traffic = startTraffic(s, 'r');
    // Waits count answers, not seconds, so a slow machine still restarts mid-traffic.
    await until(() => answered(traffic.sent) >= 20, 20_000);
    await cluster.restart();
    const upAt = Date.now();
    await until(() => answered(traffic.sent, upAt) >= 20, 20_000);
    const sent = await traffic.stop();
    const context = () => `${JSON.stringify(summary(sent))}\n${s.output().slice(-4000)}`;

    expect(s.exited(), context()).toBe(false);
    expect(await waitHealthy(s, 15_000), context()).toBe(200);
    expect(answered(sent, upAt), context()).toBeGreaterThanOrEqual(20);
    expect(sent.filter((r) => r.kind === 'lead' && r.status === 201).length).toBeGreaterThan(0);
    expect(sent.filter((r) => r.kind === 'postback' && r.status === 200).length).toBeGreaterThan(0);
    expect(badFailures(sent).slice(0, 5), context()).toEqual([]);
    expect(await waitStored(sent, 10_000), context()).toEqual([]);
    expect(s.exited()).toBe(false);
  }, 60_000);

  it('answers 503 through a 5-second outage, says so on /healthz, and recovers by itself', async () => {
    const s = await ensureServer();
    const mark = s.output().length;
    const traffic = startTraffic(s, 'o');
    await until(() => answered(traffic.sent) >= 10, 20_000);
    await cluster.stop();
    const downAt = Date.now();
    await sleep(1000);
    const healthDown = await health(s);
    await sleep(4000);
    const upAt = Date.now();
    await cluster.start();
    const healthUp = await waitHealthy(s, 15_000);
    await until(() => answered(traffic.sent, upAt) >= 10, 20_000);
    const sent = await traffic.stop();
    const context = () => `${JSON.stringify(summary(sent))}\n${s.output().slice(-4000)}`;

    expect(s.exited(), context()).toBe(false);
    expect(healthDown).toBe(503);
    expect(healthUp, context()).toBe(200);
    const duringOutage = sent.filter((r) => r.startedAt > downAt + 200 && r.endedAt < upAt);
    expect(duringOutage.length, context()).toBeGreaterThan(20);
    expect(duringOutage.filter((r) => r.status === 503).length, context()).toBeGreaterThan(0);
    expect(badFailures(sent).slice(0, 5), context()).toEqual([]);
    // Traffic flowed again after the outage.
    expect(answered(sent, upAt), context()).toBeGreaterThanOrEqual(10);
    expect(await waitStored(sent, 10_000), context()).toEqual([]);
    expect(s.exited()).toBe(false);
    // Answered clicks were waiting in the batch when the database went away, and were kept.
    expect(s.output().slice(mark)).toContain('click batch write failed; the clicks are kept and retried');
  }, 60_000);

  it('records the outcome of a job that finished while the database was away, once it is back', async () => {
    const ctx = await createContext(loadConfig({ ...env, LOG_LEVEL: 'silent' }), {
      logger: createLogger({ logLevel: 'silent' }),
      migrate: false,
    });
    let back: Promise<void> | undefined;
    // The side effect is done (a lead pushed), then the database goes away for a second.
    const job = defineJob<Record<string, never>>({
      type: 'outage_probe',
      async handler() {
        await cluster.stop();
        back = sleep(1000).then(() => cluster.start());
      },
    });
    const worker = startWorker(ctx, new JobRegistry([job]), { poll: false, jitter: false });
    try {
      const queued = await enqueueJob(ctx.db, ctx, { type: job, payload: {} });
      expect(await worker.runOnce()).toBe(1);
      await back;
      // Recorded as done: an unrecorded run would run again when its lease expires.
      const row = await ctx.db
        .selectFrom('jobs')
        .select(['status', 'attempts', 'locked_by'])
        .where('id', '=', queued.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'done', attempts: 1, locked_by: null });
    } finally {
      await back;
      await worker.stop();
      await ctx.close();
    }
  }, 60_000);
});

describe.runIf(process.env.LEADRAIL_TEST_DB !== 'postgres')('a busy SQLite database', () => {
  it('answers 503 while another process holds the write lock, and takes writes again after', async () => {
    const t = await createTestApp();
    try {
      const token = await t.adminToken();
      const offer = await makeOffer(t, token);
      const pub = await makePublisher(t, token);
      const lead = (phone: string) =>
        t.call('POST', '/api/lead', {
          body: { offer_id: offer.id, pub_id: pub.id, name: 'Asha', phone, country: 'IN' },
        });
      // Another process (a backup, a migration run by hand) holds the write lock past busy_timeout (5 s).
      const other = new SqliteDatabase(t.databaseUrl.replace(/^sqlite:/, ''));
      try {
        other.exec('begin immediate');
        const refused = await lead('+919812345670');
        expect(refused.status).toBe(503);
        expect(refused.body.error).toBe('database_unavailable');
        expect(refused.headers['retry-after']).toBe('5');
      } finally {
        other.close();
      }
      expect((await lead('+919812345671')).status).toBe(201);
      expect((await t.call('GET', '/healthz')).status).toBe(200);
    } finally {
      await t.close();
    }
  }, 30_000);
});

/** Clicks answered with a redirect, sent after `since`. */
function answered(sent: Sent[], since = 0): number {
  return sent.filter((r) => r.kind === 'click' && r.status === 302 && r.startedAt > since).length;
}

async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await sleep(50);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
