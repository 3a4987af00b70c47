import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { NET7_SCHEDULE } from './run-net7.js';

describe('NET7_SCHEDULE', () => {
  it('fires on Mondays at 00:00 UTC', () => {
    const job = new Cron(NET7_SCHEDULE, { timezone: 'UTC', paused: true });
    expect(job.nextRun(new Date('2026-06-10T12:00:00Z'))?.toISOString()).toBe('2026-06-15T00:00:00.000Z');
    expect(job.nextRun(new Date('2026-06-15T00:00:00Z'))?.toISOString()).toBe('2026-06-22T00:00:00.000Z');
    job.stop();
  });
});
