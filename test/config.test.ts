import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'leadrail-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('configuration', () => {
  it('has working defaults for the embedded database', () => {
    const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'a', 'leadrail.db')}` });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      trustProxy: { kind: 'none' },
      logLevel: 'info',
    });
    expect(config.database).toEqual({ kind: 'sqlite', location: join(dir, 'a', 'leadrail.db') });
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(config.maxPayout).toBe('10000.00');
    expect(config.jobConcurrency).toBe(8);
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:', JOB_CONCURRENCY: '32' }).jobConcurrency).toBe(32);
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:', MAX_PAYOUT: '250.5' }).maxPayout).toBe('250.5');
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).baseCurrency).toBe('USD');
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:', BASE_CURRENCY: ' eur ' }).baseCurrency).toBe('EUR');
  });

  it.each([
    ['', { kind: 'none' }],
    ['0', { kind: 'none' }],
    ['false', { kind: 'none' }],
    ['1', { kind: 'hops', hops: 1 }],
    ['true', { kind: 'hops', hops: 1 }],
    [' TRUE ', { kind: 'hops', hops: 1 }],
    ['2', { kind: 'hops', hops: 2 }],
    ['10.0.0.1', { kind: 'ranges', ranges: ['10.0.0.1'] }],
    [
      '10.0.0.0/8, 103.21.244.1/22 ,2400:CB00::/32',
      { kind: 'ranges', ranges: ['10.0.0.0/8', '103.21.244.0/22', '2400:cb00::/32'] },
    ],
    ['loopback', { kind: 'ranges', ranges: ['127.0.0.0/8', '::1/128'] }],
    [
      'uniquelocal,10.0.0.0/8',
      { kind: 'ranges', ranges: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'] },
    ],
  ])('reads TRUST_PROXY=%j as Express does', (value, trust) => {
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:', TRUST_PROXY: value }).trustProxy).toEqual(trust);
  });

  it('generates SECRET_KEY once beside the embedded database and reuses it', () => {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'b', 'leadrail.db')}` };
    const first = loadConfig(env);
    const second = loadConfig(env);
    expect(first.secretKey).toMatch(/^[0-9a-f]{64}$/);
    expect(second.secretKey).toBe(first.secretKey);
    expect(readFileSync(join(dir, 'b', 'secret.key'), 'utf8').trim()).toBe(first.secretKey);
  });

  it('selects PostgreSQL from a postgres:// URL and then requires SECRET_KEY', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/leadrail' })).toThrow(/^SECRET_KEY/);
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/leadrail',
      SECRET_KEY: 'k'.repeat(32),
    });
    expect(config.database.kind).toBe('postgres');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '-1' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/8,' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/8 192.168.0.0/16' }, 'TRUST_PROXY'],
    [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL'],
    [{ SECRET_KEY: 'short' }, 'SECRET_KEY'],
    [{ ADMIN_EMAIL: 'admin@example.com' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_EMAIL: 'nobody', ADMIN_PASSWORD: 'long-enough' }, 'ADMIN_EMAIL'],
    [{ MAX_PAYOUT: 'lots' }, 'MAX_PAYOUT'],
    [{ MAX_PAYOUT: '-5' }, 'MAX_PAYOUT'],
    [{ MAX_PAYOUT: '0' }, 'MAX_PAYOUT'],
    [{ JOB_CONCURRENCY: '0' }, 'JOB_CONCURRENCY'],
    [{ JOB_CONCURRENCY: 'many' }, 'JOB_CONCURRENCY'],
    [{ INTAKE_RATE_LIMIT: '-1' }, 'INTAKE_RATE_LIMIT'],
    [{ BASE_CURRENCY: 'XYZ' }, 'BASE_CURRENCY'],
    [{ BASE_CURRENCY: 'dollars' }, 'BASE_CURRENCY'],
  ])('names the variable in the error for %o', (env, variable) => {
    expect(() => loadConfig({ DATABASE_URL: 'sqlite::memory:', ...env })).toThrow(
      new RegExp(`^${variable}: `),
    );
  });

  it('stops start-up with a one-line message naming the bad variable', async () => {
    const result = await runCli(['start'], { PORT: 'eighty', DATABASE_URL: `sqlite:${join(dir, 'c.db')}` });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      'leadrail: configuration error: PORT: must be a number from 0 to 65535, got "eighty"',
    );
  }, 60_000);
});
