/**
 * Per-process caches for hot-path lookups (offers, publishers, flows, blocklist). They are safe to
 * lose: a miss reads the database. This process sees its own changes at once because every admin
 * write clears the registry; `leadrail start` broadcasts each clear to the other processes
 * (src/cluster/cluster-link.ts), and without that link another process sees a change after the TTL.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires < performance.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: K, value: V): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, expires: performance.now() + this.ttlMs });
  }

  async getOrLoad(key: K, load: () => Promise<V>): Promise<V> {
    const cached = this.get(key);
    if (cached !== undefined || this.entries.has(key)) return cached as V;
    const value = await load();
    this.set(key, value);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}

export class CacheRegistry {
  private readonly caches: TtlCache<unknown, unknown>[] = [];
  private readonly clearListeners = new Set<() => void>();
  private readonly byName = new Map<string, TtlCache<unknown, unknown>>();

  /** The cache called `name`, created on first use; one per registry (so one per app context). */
  named<K, V>(name: string, ttlMs: number, maxEntries?: number): TtlCache<K, V> {
    let cache = this.byName.get(name);
    if (!cache) {
      cache = this.create<unknown, unknown>(ttlMs, maxEntries);
      this.byName.set(name, cache);
    }
    return cache as TtlCache<K, V>;
  }

  create<K, V>(ttlMs: number, maxEntries?: number): TtlCache<K, V> {
    const cache = new TtlCache<K, V>(ttlMs, maxEntries);
    this.caches.push(cache as TtlCache<unknown, unknown>);
    return cache;
  }

  /** Clear every cache here and tell the other processes (src/cluster/cluster-link.ts broadcasts). */
  clear(): void {
    this.clearLocal();
    for (const listener of this.clearListeners) listener();
  }

  /** Clear this process's caches only (a broadcast from another process arrived). */
  clearLocal(): void {
    for (const cache of this.caches) cache.clear();
  }

  /** Told after every clear(); returns the function that stops telling. */
  onClear(listener: () => void): () => void {
    this.clearListeners.add(listener);
    return () => this.clearListeners.delete(listener);
  }
}
