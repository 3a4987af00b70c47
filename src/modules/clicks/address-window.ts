/**
 * The per-address history the click checks need (ip_velocity and uniqueness), kept in memory so a
 * click costs no database read. Each process counts the clicks it answered itself (plus, at start,
 * what warm() read from the database): docs/tracking.md "Click checks in memory" states the multi-process rule.
 *
 * Bounded: at most `maxAddresses` addresses and `maxEntries` remembered times in all; past either the
 * least recently seen address is forgotten (its next click counts from zero and is called unique).
 */

/** Most click times kept per address: enough for a velocity threshold up to this (RULE_SHAPE's limit). */
export const MAX_STAMPS_PER_ADDRESS = 1000;
/** Most distinct offer + user agent pairs remembered per address for the uniqueness check. */
export const MAX_KEYS_PER_ADDRESS = 32;
export const DAY_MS = 86_400_000;

export interface AddressWindowOptions {
  maxAddresses: number;
  maxEntries: number;
}

/** Defaults: at most about 80 MB, measured (docs/tracking.md "Click checks in memory"). */
export const ADDRESS_WINDOW_DEFAULTS: AddressWindowOptions = { maxAddresses: 100_000, maxEntries: 2_000_000 };

interface AddressEntry {
  ip: string;
  /** Click times, oldest first; only the newest `keep` are kept. */
  stamps: number[];
  /** Offer + user agent hashes and the last time each was seen, in step. */
  keys: number[];
  keyTimes: number[];
  /** Neighbours in the recency list (least recently seen first): eviction order. */
  older: AddressEntry | undefined;
  newer: AddressEntry | undefined;
}

/** A 52-bit FNV-1a style hash of the offer and user agent (a collision needs 2^26 pairs at one address). */
export function uniquenessKey(offerId: number | null, userAgent: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ (offerId ?? -1);
  const text = `${offerId ?? -1}\u0000${userAgent}`;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0) * 0x100000 + ((h2 >>> 0) & 0xfffff);
}

export interface AddressVerdict {
  /** Clicks from this address strictly after `velocitySince`, before this one. */
  inVelocityWindow: number;
  /** This address + user agent clicked this offer in the last 24 hours. */
  seenBefore: boolean;
}

/**
 * Recency is a doubly linked list beside the Map, not the Map's insertion order: evicting through
 * `map.keys().next()` after many deletes walks every deleted slot left at the table's head (V8 keeps
 * them until a rehash), which measured 45–700 µs per click once the window was full (bench:clicks
 * slowed round after round). Here a hit moves its entry to the newest end and an eviction takes the
 * oldest, both O(1), and a hit no longer deletes and re-inserts the Map key.
 */
export class AddressWindow {
  private readonly byIp = new Map<string, AddressEntry>();
  private entries = 0;
  private oldest: AddressEntry | undefined;
  private newest: AddressEntry | undefined;

  constructor(private readonly options: AddressWindowOptions = ADDRESS_WINDOW_DEFAULTS) {}

  get addresses(): number {
    return this.byIp.size;
  }

  get size(): number {
    return this.entries;
  }

  /**
   * Look up an address and record this click in the same step. `keep` is how many click times the
   * velocity rule needs (its threshold): with the newest `keep` times kept, "at least `keep` in the
   * window" is exact.
   */
  observe(ip: string, key: number, nowMs: number, velocitySinceMs: number, keep: number): AddressVerdict {
    const entry = this.byIp.get(ip);
    if (!entry) {
      // Most addresses click once: exact-size arrays (an empty one grows to 17 slots on its first push).
      const created: AddressEntry = {
        ip,
        stamps: [nowMs],
        keys: [key],
        keyTimes: [nowMs],
        older: undefined,
        newer: undefined,
      };
      this.byIp.set(ip, created);
      this.append(created);
      this.entries += 2;
      this.evict();
      return { inVelocityWindow: 0, seenBefore: false };
    }
    // Now the most recently seen: the last to be evicted.
    if (entry !== this.newest) {
      this.unlink(entry);
      this.append(entry);
    }
    const before = entry.stamps.length + entry.keys.length;

    let inVelocityWindow = 0;
    for (let i = entry.stamps.length - 1; i >= 0; i--) {
      if ((entry.stamps[i] as number) > velocitySinceMs) inVelocityWindow++;
      else break;
    }
    const dayAgo = nowMs - DAY_MS;
    const at = entry.keys.indexOf(key);
    const seenBefore = at >= 0 && (entry.keyTimes[at] as number) > dayAgo;

    entry.stamps.push(nowMs);
    const cap = Math.max(1, Math.min(keep, MAX_STAMPS_PER_ADDRESS));
    if (entry.stamps.length > cap) entry.stamps.splice(0, entry.stamps.length - cap);
    // Times older than a day help neither check.
    while (entry.stamps.length > 0 && (entry.stamps[0] as number) <= dayAgo) entry.stamps.shift();
    if (at >= 0) {
      entry.keys.splice(at, 1);
      entry.keyTimes.splice(at, 1);
    }
    entry.keys.push(key);
    entry.keyTimes.push(nowMs);
    while (
      entry.keys.length > MAX_KEYS_PER_ADDRESS ||
      (entry.keyTimes.length > 0 && (entry.keyTimes[0] as number) <= dayAgo)
    ) {
      entry.keys.shift();
      entry.keyTimes.shift();
    }
    this.entries += entry.stamps.length + entry.keys.length - before;
    this.evict();
    return { inVelocityWindow, seenBefore };
  }

  /** The same verdict as observe() would give, recording nothing (the click simulator). */
  peek(ip: string, key: number, nowMs: number, velocitySinceMs: number): AddressVerdict {
    const entry = this.byIp.get(ip);
    if (!entry) return { inVelocityWindow: 0, seenBefore: false };
    let inVelocityWindow = 0;
    for (let i = entry.stamps.length - 1; i >= 0; i--) {
      if ((entry.stamps[i] as number) > velocitySinceMs) inVelocityWindow++;
      else break;
    }
    const at = entry.keys.indexOf(key);
    return { inVelocityWindow, seenBefore: at >= 0 && (entry.keyTimes[at] as number) > nowMs - DAY_MS };
  }

  /** Record a click read from the database at start (warm-up), oldest first. */
  remember(ip: string, key: number, atMs: number, nowMs: number, keep: number): void {
    this.observe(ip, key, atMs, nowMs, keep);
  }

  clear(): void {
    this.byIp.clear();
    this.entries = 0;
    this.oldest = undefined;
    this.newest = undefined;
  }

  private append(entry: AddressEntry): void {
    entry.older = this.newest;
    entry.newer = undefined;
    if (this.newest) this.newest.newer = entry;
    else this.oldest = entry;
    this.newest = entry;
  }

  private unlink(entry: AddressEntry): void {
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else this.newest = entry.older;
    entry.older = undefined;
    entry.newer = undefined;
  }

  private evict(): void {
    while (this.byIp.size > this.options.maxAddresses || this.entries > this.options.maxEntries) {
      const entry = this.oldest;
      if (!entry) return;
      this.unlink(entry);
      this.entries -= entry.stamps.length + entry.keys.length;
      this.byIp.delete(entry.ip);
    }
  }
}
