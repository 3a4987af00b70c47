import { startClusterLink } from './cluster/cluster-link.js';
import type { Config } from './config.js';
import { type AppContext, type ContextOptions, createContext } from './context.js';
import { buildApp } from './http/app.js';
import type { App } from './http/types.js';
import { appJobRegistry } from './jobs/registry.js';
import { startWorker, type Worker } from './jobs/worker.js';
import { scheduleAutomation } from './modules/automation/schedule-rules.js';
import { loadHostingRanges } from './modules/fraud/hosting.js';
import { leadIntakeBusy } from './modules/leads/lead-batcher.js';
import { scheduleNet7 } from './modules/payouts/run-net7.js';
import { scheduleRetention } from './modules/retention/apply-retention.js';
import { scheduleClickPartitions } from './modules/retention/click-partitions.js';
import { clicksDeletedBefore } from './modules/retention/retention-settings.js';
import { scheduleRollups } from './modules/rollups/refresh-rollups.js';
import { scheduleStreamRebalance } from './modules/streams/rebalance.js';
import { ensureFirstAdmin } from './modules/users/create-admin.js';

export interface RunningServer {
  app: App;
  ctx: AppContext;
  worker: Worker;
  url: string;
  stop(): Promise<void>;
}

/** Wires config → db → context → HTTP server + job worker; the returned stop() is the graceful shutdown. */
export async function startServer(config: Config, options: ContextOptions = {}): Promise<RunningServer> {
  const ctx = await createContext(config, options);
  await ensureFirstAdmin(ctx);
  const app = await buildApp(ctx);
  // The ASN database (hosting check, asn/isp stream filters) is read before the first click, not during it.
  const asnStart = Date.now();
  loadHostingRanges();
  ctx.logger.info({ ms: Date.now() - asnStart }, 'ASN database loaded');
  const address = await app.listen({ port: config.port, host: config.host });
  ctx.logger.info({ address, database: ctx.dialect, public_url: config.publicUrl }, 'leadrail listening');
  // The line a person starting it looks for; with --workers N only the first worker says it.
  const workerId = process.env.LEADRAIL_WORKER_ID;
  if (workerId === undefined || workerId === '1') {
    const base = config.publicUrl.replace(/\/+$/, '');
    ctx.logger.info(`open ${base}/admin (admin panel) or ${base}/webmaster (publisher portal)`);
  }
  const worker = startWorker(ctx, appJobRegistry(), {
    concurrency: config.jobConcurrency,
    pollMs: 1000,
    lockMs: config.jobLeaseMs,
    heartbeatMs: config.jobHeartbeatMs,
    // Pushes give way to a saturated lead intake (one at a time), and catch up once it eases.
    yieldWhile: () => leadIntakeBusy(ctx),
  });
  // The cache broadcast and the scheduled-task leader (src/cluster/cluster-link.ts).
  const cluster = await startClusterLink(ctx);
  // Every process ticks; only the leader runs them (a new croner task takes cluster.leader too).
  const net7 = scheduleNet7(ctx, config.net7Schedule, cluster.leader);
  const automation = scheduleAutomation(ctx, undefined, cluster.leader);
  // Report rollups every minute, retention daily (docs/reports.md "Reports at scale and retention").
  const rollups = scheduleRollups(ctx, () => clicksDeletedBefore(ctx), undefined, cluster.leader);
  const retention = scheduleRetention(ctx, undefined, cluster.leader);
  // PostgreSQL: a week of day partitions of clicks kept ready ahead (docs/reports.md "Clicks partitioned by day").
  const partitions = scheduleClickPartitions(ctx, undefined, cluster.leader);
  // Split-test shifts (streams/rebalance.ts); each is also claimed in the database.
  const rebalance = scheduleStreamRebalance(ctx, undefined, cluster.leader);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // Stop taking requests and jobs, let in-flight ones finish, then close the database.
      net7.stop();
      automation.stop();
      rollups.stop();
      retention.stop();
      partitions.stop();
      rebalance.stop();
      await Promise.all([app.close(), worker.stop()]);
      await cluster.stop();
      await ctx.close();
      ctx.logger.info('leadrail stopped');
    })();
    return stopping;
  };
  return { app, ctx, worker, url: address, stop };
}

export function stopOnSignals(server: RunningServer): void {
  const onSignal = (signal: NodeJS.Signals) => {
    server.ctx.logger.info({ signal }, 'shutting down');
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        server.ctx.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
