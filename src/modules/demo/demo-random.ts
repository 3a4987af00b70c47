import { countryOf } from '../clicks/geo.js';

/** A small seeded generator (mulberry32): the same seed gives the same demo every time. */
export class DemoRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** One of the keys, with the given weights. */
  weighted<T extends string>(weights: Readonly<Record<T, number>>): T {
    const entries = Object.entries(weights) as [T, number][];
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return (entries[entries.length - 1] as [T, number])[0];
  }
}

/**
 * Addresses the offline GEO database places in each country, found by drawing random IPv4
 * addresses and keeping those that land in a wanted country (so the real GEO check accepts them).
 */
export function addressPools(
  random: DemoRandom,
  countries: readonly string[],
  perCountry: number,
): Map<string, string[]> {
  const pools = new Map<string, string[]>(countries.map((c) => [c, []]));
  for (let tries = 0; tries < 2_000_000; tries++) {
    const ip = `${random.int(2, 222)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`;
    const pool = pools.get(countryOf(ip) ?? '');
    if (pool && pool.length < perCountry) pool.push(ip);
    if ([...pools.values()].every((p) => p.length >= perCountry)) break;
  }
  for (const [country, pool] of pools) {
    if (pool.length === 0) throw new Error(`no address found for ${country} in the GEO database`);
  }
  return pools;
}
