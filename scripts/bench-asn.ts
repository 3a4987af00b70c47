// Load time, memory and lookup cost of the ASN database (src/lib/asn-database.ts).
// Run: node --expose-gc --import tsx scripts/bench-asn.ts
import { asnDatabaseSize, asnRecordOf, loadAsnDatabase } from '../src/lib/asn-database.js';

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const before = process.memoryUsage();
const t0 = process.hrtime.bigint();
loadAsnDatabase();
const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
gc?.();
const after = process.memoryUsage();
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
console.log('sizes', asnDatabaseSize());
console.log(`load ${loadMs.toFixed(0)} ms; rss ${mb(before.rss)} → ${mb(after.rss)} MB; heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)} MB; arrayBuffers ${mb(before.arrayBuffers)} → ${mb(after.arrayBuffers)} MB`);
const v4: string[] = [];
const v6: string[] = [];
for (let i = 0; i < 100_000; i++) {
  v4.push(`${(i * 7919) % 223 + 1}.${i % 256}.${(i * 31) % 256}.${(i * 17) % 256}`);
  v6.push(`2405:200:${(i % 4096).toString(16)}::${(i * 13).toString(16)}`);
}
for (const [name, list] of [['ipv4', v4], ['ipv6', v6]] as const) {
  let hits = 0;
  for (const ip of list) if (asnRecordOf(ip)) hits++; // warm-up
  const t = process.hrtime.bigint();
  for (let r = 0; r < 5; r++) for (const ip of list) if (asnRecordOf(ip)) hits++;
  const ns = Number(process.hrtime.bigint() - t) / (5 * list.length);
  console.log(`${name} lookup ${(ns / 1000).toFixed(2)} µs each (${hits} hits)`);
}
