/**
 * Per-process caches for hot-path lookups (offers, publishers, flows, blocklist). They are safe to
 * lose: a miss reads the database. This process sees its own changes at once because every admin
 * write clears the registry; `leadrail start` broadcasts each clear to the other processes
 * (src/cluster/cluster-link.ts), and without that link another process sees a change after the TTL.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();
  /** Keys being read again in the background (peek): one read at a time per key. */
  private readonly refreshing = new Set<K>();
  /** Bumped by clear(): a background read begun before a clear must not put its older value back. */
  private generation = 0;
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The value while fresh; undefined once it has expired (or was never read). */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires >= performance.now()) return entry.value;
    // Kept for one more TTL: peek() serves it while it is read again.
    if (entry.expires + this.ttlMs < performance.now()) this.entries.delete(key);
    return undefined;
  }

  /**
   * The hot paths' read (the click path's cached offer, rules, caps…): the value without a promise
   * while fresh, and for one more TTL after it expires, while `read` fetches it again in the
   * background (one read per key at a time; the clicks in flight do not wait for it). Undefined when
   * there is nothing to serve: the caller reads it (getOrLoad). Before, every click that arrived
   * after the TTL lapsed read the database itself and waited for it: on PostgreSQL 64 clicks in
   * flight × 5 caches queued on the pool every 5 s, the click path's p99 (docs/benchmarks.md).
   * `read` must not use a caller's transaction: it may finish after the caller has gone.
   */
  peek(key: K, read: () => Promise<V>): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = performance.now();
    if (entry.expires >= now) return entry.value;
    if (entry.expires + this.ttlMs < now) {
      this.entries.delete(key);
      return undefined;
    }
    this.refresh(key, read);
    return entry.value;
  }

  /** peek(), or when there is nothing to serve, getOrLoad() (a cache whose values are never undefined). */
  peekOrLoad(key: K, read: () => Promise<V>): V | Promise<V> {
    const value = this.peek(key, read);
    return value !== undefined ? value : this.getOrLoad(key, read);
  }

  set(key: K, value: V): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, expires: performance.now() + this.ttlMs });
  }

  async getOrLoad(key: K, load: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && entry.expires >= performance.now()) return entry.value;
    const value = await load();
    this.set(key, value);
    return value;
  }

  clear(): void {
    this.entries.clear();
    this.generation++;
  }

  private refresh(key: K, read: () => Promise<V>): void {
    if (this.refreshing.has(key)) return;
    this.refreshing.add(key);
    const generation = this.generation;
    read().then(
      (value) => {
        this.refreshing.delete(key);
        if (generation === this.generation) this.set(key, value);
      },
      // The stale value is served until its second TTL ends; then a caller's own read reports the error.
      () => this.refreshing.delete(key),
    );
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
