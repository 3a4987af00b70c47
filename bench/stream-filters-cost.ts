/**
 * CPU per click of the streams' filters alone, in one process (no HTTP, no database): the 19
 * failing streams of bench:streams (bench/stream-flows.ts) compiled as a flow, a new visitor per
 * click with a new 49.36–43.x.x address (as the benches send), and `regionOf` alone for a new
 * address. BENCH_STREAMS_WORST=1 makes each stream fail on a region filter, so every filter runs.
 *
 *   npx tsx bench/stream-filters-cost.ts; BENCH_STREAMS_WORST=1 npx tsx bench/stream-filters-cost.ts
 */
import { loadavg } from 'node:os';
import { loadAsnDatabase } from '../src/lib/asn-database.js';
import { compileStreams, type StreamDefinition } from '../src/modules/streams/compile.js';
import { regionOf } from '../src/modules/streams/region.js';
import { visitorOf } from '../src/modules/streams/visitor.js';
import { heavyStream } from './stream-flows.js';

const CLICKS = 100_000;
const USER_AGENT = 'Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36';

let n = 0;
function nextAddress(): string {
  n = (n + 1) % 16_000_000;
  return `49.${36 + (Math.floor(n / 65_536) % 8)}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

function cpuMicrosPer(count: number, run: () => void): number {
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

loadAsnDatabase();
const streams = compileStreams(
  Array.from({ length: 19 }, (_, i) => ({
    id: i + 1,
    name: `stream ${i + 1}`,
    enabled: true,
    arms: [],
    filters: (heavyStream(i + 1).filters ?? null) as StreamDefinition['filters'],
  })),
);
const now = new Date();
const click = () => {
  const visitor = visitorOf(
    { ip: nextAddress(), userAgent: USER_AGENT, acceptLanguage: 'en-IN,en;q=0.9', query: { sub1: 'bench' } },
    { country: 'IN', unique: true, now, subs: ['bench'] },
  );
  for (const stream of streams) if (stream.filter.test(visitor)) throw new Error('the bench visitor matched');
};
cpuMicrosPer(30_000, click);
const filters = [1, 2, 3].map(() => cpuMicrosPer(CLICKS, click));
const region = [1, 2, 3].map(() => cpuMicrosPer(CLICKS, () => regionOf(nextAddress())));
const show = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
process.stdout.write(
  `${process.env.BENCH_STREAMS_WORST === '1' ? 'worst case' : 'normal case'}: 19 failing streams, CPU µs per click: ${show(filters)}\n` +
    `regionOf, new address, CPU µs: ${show(region)}\n` +
    `load average: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
);
