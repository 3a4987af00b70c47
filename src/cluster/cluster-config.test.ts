import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';

const base = { DATABASE_URL: 'sqlite::memory:' };

describe('scale-out configuration', () => {
  it('runs one process by default, WORKERS more under a cluster primary', () => {
    expect(loadConfig(base).workers).toBe(1);
    expect(loadConfig({ ...base, WORKERS: '4' }).workers).toBe(4);
    expect(() => loadConfig({ ...base, WORKERS: '0' })).toThrow(
      /WORKERS: must be a whole number from 1 to 64/,
    );
    expect(() => loadConfig({ ...base, WORKERS: 'two' })).toThrow(/WORKERS/);
  });

  it('takes a redis:// REDIS_URL and refuses anything else', () => {
    expect(loadConfig(base).redisUrl).toBeUndefined();
    expect(loadConfig({ ...base, REDIS_URL: 'redis://127.0.0.1:6379/0' }).redisUrl).toBe(
      'redis://127.0.0.1:6379/0',
    );
    expect(() => loadConfig({ ...base, REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(
      /REDIS_URL: must be a redis/,
    );
  });

  it('runs Net-7 on Mondays at midnight unless NET7_SCHEDULE says otherwise, and refuses a bad pattern', () => {
    expect(loadConfig(base).net7Schedule).toBe('0 0 * * 1');
    expect(loadConfig({ ...base, NET7_SCHEDULE: '0 6 * * 2' }).net7Schedule).toBe('0 6 * * 2');
    expect(() => loadConfig({ ...base, NET7_SCHEDULE: 'every monday' })).toThrow(
      /NET7_SCHEDULE: must be a cron pattern/,
    );
  });
});
