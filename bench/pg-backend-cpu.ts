/**
 * CPU time of the PostgreSQL backends serving one database, read from /proc/<pid>/stat (the server
 * must run on this machine and its processes be visible; otherwise undefined). On 2 cores the
 * backend's CPU competes with Node's, so a bench of the database path reports both sides.
 *
 *   const meter = await meterBackendCpu(databaseUrl);
 *   …measured work…
 *   const ms = await meter.stop(); // undefined when not measurable
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

/** CPU ms per backend pid of the database (not counting the connection that asks). */
export type BackendCpu = Map<number, number>;

const TICK_MS = 10; // USER_HZ 100, as on every Linux we run on

function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is [0], utime [11], stime [12].
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

async function snapshot(client: pg.Client): Promise<BackendCpu | undefined> {
  const { rows } = await client.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  const cpu: BackendCpu = new Map();
  for (const { pid } of rows) {
    const ms = cpuMsOf(pid);
    if (ms === undefined) return undefined;
    cpu.set(pid, ms);
  }
  return cpu;
}

/**
 * Measures from now; `stop()` gives the CPU ms used since. It polls twice a second, so a backend that
 * ends in between (the pool closes idle connections) loses at most its last half second.
 */
export async function meterBackendCpu(databaseUrl: string): Promise<{ stop(): Promise<number | undefined> }> {
  if (!databaseUrl.startsWith('postgres')) return { stop: async () => undefined };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const first = await snapshot(client);
  if (!first) {
    await client.end();
    return { stop: async () => undefined };
  }
  const last = new Map(first);
  const take = async () => {
    const now = await snapshot(client);
    for (const [pid, ms] of now ?? []) last.set(pid, ms);
  };
  let polling = Promise.resolve();
  const timer = setInterval(() => {
    polling = polling.then(take, take);
  }, 500);
  return {
    async stop() {
      clearInterval(timer);
      await polling;
      await take();
      await client.end();
      let used = 0;
      for (const [pid, ms] of last) used += ms - (first.get(pid) ?? 0);
      return used;
    },
  };
}
