/**
 * PostgreSQL: what the bench database's backends wait on, sampled every 20 ms from pg_stat_activity
 * and pg_locks on a connection of its own (session 14: were the click batches waiting on each
 * other's rollup row locks?). Counts per sample: the active statements by wait event (`CPU` when
 * none) and the locks not granted, by type, mode and relation.
 */
import pg from 'pg';

export interface WaitSamples {
  samples: number;
  /** "wait_event_type/wait_event statement…" → samples it was seen in (one per backend). */
  active: Map<string, number>;
  /** "locktype mode relation" → samples a backend was waiting for it. */
  waiting: Map<string, number>;
}

export function sampleWaits(databaseUrl: string, everyMs = 20): { stop(): Promise<WaitSamples> } {
  const result: WaitSamples = { samples: 0, active: new Map(), waiting: new Map() };
  const client = new pg.Client({ connectionString: databaseUrl });
  let running = true;
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ kind: string; key: string }>(`
        select 'a' as kind, coalesce(wait_event_type || '/' || wait_event, 'CPU') || ' ' ||
               left(regexp_replace(query, '\\s+', ' ', 'g'), 24) as key
          from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid() and state = 'active'
        union all
        select 'l', l.locktype || ' ' || l.mode || ' ' || coalesce(c.relname, l.relation::text, '')
          from pg_locks l left join pg_class c on c.oid = l.relation
         where not l.granted`);
      result.samples++;
      for (const row of rows) add(row.kind === 'a' ? result.active : result.waiting, row.key);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
    await client.end();
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return result;
    },
  };
}

/** The most frequent entries, "count× key" (a share of samples). */
export function topWaits(map: Map<string, number>, samples: number, n = 6): string {
  const top = [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  if (top.length === 0) return 'none';
  return top.map(([key, count]) => `${((count * 100) / samples).toFixed(0)}% ${key}`).join('; ');
}
