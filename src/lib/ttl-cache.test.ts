import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { TtlCache } from './ttl-cache.js';

let offsetMs = 0;
const realNow = performance.now.bind(performance);
function later(ms: number) {
  offsetMs += ms;
}
vi.spyOn(performance, 'now').mockImplementation(() => realNow() + offsetMs);
afterEach(() => {
  offsetMs = 0;
});
// Test files share their worker's modules and globals (vitest.config.ts `isolate: false`).
afterAll(() => {
  vi.restoreAllMocks();
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('TtlCache.peek (the hot paths’ read)', () => {
  it('serves the expired value without waiting while one background read fetches the new one', async () => {
    const cache = new TtlCache<string, string>(1000);
    cache.set('k', 'old');
    expect(cache.peek('k', () => Promise.reject(new Error('not yet')))).toBe('old');
    later(1500);
    const next = deferred<string>();
    const read = vi.fn(() => next.promise);
    // 50 clicks after the TTL: all served at once, one read.
    for (let i = 0; i < 50; i++) expect(cache.peek('k', read)).toBe('old');
    expect(read).toHaveBeenCalledTimes(1);
    expect(cache.get('k')).toBeUndefined();
    next.resolve('new');
    await next.promise;
    await Promise.resolve();
    expect(cache.peek('k', read)).toBe('new');
    expect(cache.get('k')).toBe('new');
  });

  it('serves nothing once the value is two TTLs old (the caller reads it)', async () => {
    const cache = new TtlCache<string, string>(1000);
    cache.set('k', 'old');
    later(2100);
    const read = vi.fn(() => Promise.resolve('new'));
    expect(cache.peek('k', read)).toBeUndefined();
    expect(read).not.toHaveBeenCalled();
    expect(await cache.peekOrLoad('k', read)).toBe('new');
    expect(cache.peek('k', read)).toBe('new');
  });

  it('a background read begun before clear() does not put its older value back', async () => {
    const cache = new TtlCache<string, string>(1000);
    cache.set('k', 'before the admin write');
    later(1500);
    const next = deferred<string>();
    expect(cache.peek('k', () => next.promise)).toBe('before the admin write');
    cache.clear();
    next.resolve('read before the admin write');
    await next.promise;
    await Promise.resolve();
    expect(cache.peek('k', () => Promise.resolve('x'))).toBeUndefined();
  });

  it('a failed background read keeps serving the stale value and is tried again', async () => {
    const cache = new TtlCache<string, string>(1000);
    cache.set('k', 'old');
    later(1200);
    const failing = vi.fn(() => Promise.reject(new Error('database away')));
    expect(cache.peek('k', failing)).toBe('old');
    await Promise.resolve();
    await Promise.resolve();
    expect(cache.peek('k', failing)).toBe('old');
    expect(failing).toHaveBeenCalledTimes(2);
  });

  it('getOrLoad still waits for a fresh read of an expired value (callers inside a transaction)', async () => {
    const cache = new TtlCache<string, string>(1000);
    cache.set('k', 'old');
    later(1500);
    expect(await cache.getOrLoad('k', () => Promise.resolve('new'))).toBe('new');
  });
});
