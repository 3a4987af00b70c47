/**
 * CPU time (user + system) a process and its descendants (cluster workers) have used, read from
 * /proc on Linux. The benches divide it by the requests answered: CPU per click does not depend on
 * how much of the shared machine the server got, unlike requests/s. Undefined off Linux.
 */
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

function own(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** CPU seconds of `pid` and every living descendant; undefined when /proc cannot be read. */
export function processTreeCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    let ticks = 0;
    const queue = [pid];
    while (queue.length > 0) {
      const p = queue.pop() as number;
      try {
        ticks += own(p);
      } catch {
        continue;
      }
      queue.push(...children(p));
    }
    return ticks / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds of a process's main thread alone (its event loop; /proc/<pid>/task/<pid>/stat): the
 * click insert thread and libuv's pool are left out. One event loop answers every click, so its
 * CPU per click bounds one process's clicks/s. Undefined when /proc cannot be read.
 */
export function mainThreadCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds of each of a list of processes (e.g. the PostgreSQL backends serving one database,
 * from pg_stat_activity), by pid; a process that has gone (or that /proc does not show) is left out.
 */
export function processesCpuSeconds(pids: readonly number[]): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const pid of pids) {
    try {
      seconds.set(pid, own(pid) / TICKS_PER_SECOND);
    } catch {
      // Gone since it was listed.
    }
  }
  return seconds;
}

/**
 * CPU seconds the processes used between two readings. A pid only in `after` started in between
 * (a connection a pool opened during the round) and counts all of its CPU; one only in `before`
 * ended in between and its CPU since `before` is not known (left out).
 */
export function cpuSecondsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, end] of after) total += end - (before.get(pid) ?? 0);
  return total;
}

/** The machine's CPU time so far from /proc/stat's first line: all jiffies and the idle ones (idle + iowait). */
export function machineCpuTicks(): { total: number; idle: number } | undefined {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const total = fields.slice(0, 8).reduce((sum, n) => sum + n, 0);
    return { total, idle: (fields[3] ?? 0) + (fields[4] ?? 0) };
  } catch {
    return undefined;
  }
}

/** The share of the machine's CPU left idle between two readings of machineCpuTicks (0–1). */
export function idleShareBetween(
  before: ReturnType<typeof machineCpuTicks>,
  after: ReturnType<typeof machineCpuTicks>,
): number | undefined {
  if (!before || !after || after.total <= before.total) return undefined;
  return (after.idle - before.idle) / (after.total - before.total);
}
