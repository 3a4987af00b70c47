import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatDateTime,
  formatOffset,
  initialTimeZone,
  listTimeZones,
  timeZoneLabel,
  todayIn,
  zonedDayStart,
} from './time-zone';

describe('time zones, converted in the browser', () => {
  it('shows a UTC timestamp on the chosen zone’s wall clock', () => {
    const iso = '2026-06-01T12:00:00.000Z';
    expect(formatDateTime(iso, 'UTC')).toBe('2026-06-01 12:00:00');
    expect(formatDateTime(iso, 'Asia/Kolkata')).toBe('2026-06-01 17:30:00');
    expect(formatDateTime(iso, 'America/New_York')).toBe('2026-06-01 08:00:00');
    expect(formatDateTime('2026-01-01T03:00:00Z', 'America/Los_Angeles')).toBe('2025-12-31 19:00:00');
    expect(formatDateTime('not a date', 'UTC')).toBe('not a date');
  });

  it('labels zones with their offset at that moment (daylight saving included)', () => {
    expect(timeZoneLabel('Asia/Kolkata', Date.parse('2026-06-01T00:00:00Z'))).toBe(
      'Asia/Kolkata (UTC+05:30)',
    );
    expect(timeZoneLabel('Europe/Berlin', Date.parse('2026-01-15T00:00:00Z'))).toBe(
      'Europe/Berlin (UTC+01:00)',
    );
    expect(timeZoneLabel('Europe/Berlin', Date.parse('2026-07-15T00:00:00Z'))).toBe(
      'Europe/Berlin (UTC+02:00)',
    );
    expect(formatOffset(-3 * 3600_000 - 30 * 60_000)).toBe('-03:30');
  });

  it('finds the UTC instant a local day starts, also on a daylight-saving day', () => {
    expect(zonedDayStart('2026-06-01', 'UTC')).toBe('2026-06-01T00:00:00.000Z');
    expect(zonedDayStart('2026-06-01', 'Asia/Kolkata')).toBe('2026-05-31T18:30:00.000Z');
    expect(zonedDayStart('2026-06-01', 'America/New_York')).toBe('2026-06-01T04:00:00.000Z');
    // Clocks go forward at 02:00 on 2026-03-08 in New York; the day still starts at 05:00Z.
    expect(zonedDayStart('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(zonedDayStart('2026-03-09', 'America/New_York')).toBe('2026-03-09T04:00:00.000Z');
    // Santiago springs forward at midnight: 00:00 does not exist on 2026-09-06, the day starts at 01:00.
    expect(zonedDayStart('2026-09-06', 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z');
  });

  it('does calendar arithmetic and knows today in a zone', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    const lateUtc = Date.parse('2026-06-01T20:00:00Z');
    expect(todayIn('UTC', lateUtc)).toBe('2026-06-01');
    expect(todayIn('Asia/Tokyo', lateUtc)).toBe('2026-06-02');
  });

  it('offers UTC first and keeps a saved choice only while it is a real zone', () => {
    const zones = listTimeZones();
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain('Asia/Tokyo');
    expect(initialTimeZone('Europe/Madrid', 'UTC')).toBe('Europe/Madrid');
    expect(initialTimeZone('Mars/Olympus', 'Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(initialTimeZone(null, undefined)).toBe('UTC');
  });
});
