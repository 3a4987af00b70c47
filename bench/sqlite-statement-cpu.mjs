/**
 * CPU time per SQLite statement, for finding which statements a hot path pays for (session 12 found
 * a bound LIMIT re-preparing a statement on every run this way). Load it before a bench that runs the
 * app in its own process:
 *
 *   node --import tsx --import ./bench/sqlite-statement-cpu.mjs bench/postback-cost.ts
 *
 * It wraps better-sqlite3's Statement `run`/`all`/`get`/`iterate` and `Database#prepare` with
 * process.cpuUsage (the whole process's CPU, so other threads' work during a call counts too: compare
 * statements with each other, not with micro-runs), counting only after the bench calls
 * `globalThis.__statementCpu?.(true)` (postback-cost does after its warm-up), and prints the 30 most
 * costly statement texts to stderr at exit.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const probe = new Database(':memory:');
const statementProto = Object.getPrototypeOf(probe.prepare('select 1'));
probe.close();

const stats = new Map();
let on = false;
let prepares = 0;
let prepareUs = 0;
globalThis.__statementCpu = (value) => {
  on = value;
};

const timed = (fn, record) =>
  function (...args) {
    if (!on) return fn.apply(this, args);
    const start = process.cpuUsage();
    try {
      return fn.apply(this, args);
    } finally {
      const used = process.cpuUsage(start);
      record(this, used.user + used.system);
    }
  };

for (const method of ['run', 'all', 'get', 'iterate']) {
  statementProto[method] = timed(statementProto[method], (statement, us) => {
    const key = statement.source.replace(/\s+/g, ' ').slice(0, 120);
    const s = stats.get(key) ?? { n: 0, us: 0 };
    s.n += 1;
    s.us += us;
    stats.set(key, s);
  });
}
Database.prototype.prepare = timed(Database.prototype.prepare, (_db, us) => {
  prepares += 1;
  prepareUs += us;
});

process.on('exit', () => {
  let total = 0;
  for (const s of stats.values()) total += s.us;
  const lines = [
    `statements: ${(total / 1000).toFixed(0)} ms CPU; prepares while counting: ${prepares} (${(prepareUs / 1000).toFixed(0)} ms)`,
  ];
  for (const [text, s] of [...stats].sort((a, b) => b[1].us - a[1].us).slice(0, 30)) {
    lines.push(
      `${(s.us / 1000).toFixed(0).padStart(6)} ms ${String(s.n).padStart(6)} × ${(s.us / s.n).toFixed(0).padStart(5)} µs  ${text}`,
    );
  }
  process.stderr.write(`${lines.join('\n')}\n`);
});
