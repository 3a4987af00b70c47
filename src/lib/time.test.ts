import { describe, expect, it } from 'vitest';
import {
  addDays,
  assertTimeZone,
  isTimeZone,
  localDate,
  localDayRange,
  localDayStart,
  offsetSeconds,
  offsetSpans,
} from './time.js';

const hours = (range: { start: string; end: string }) =>
  (Date.parse(range.end) - Date.parse(range.start)) / 3_600_000;

describe('localDayStart', () => {
  it('is midnight UTC for UTC', () => {
    expect(localDayStart('2026-03-08', 'UTC')).toBe('2026-03-08T00:00:00.000Z');
  });

  it('finds New York midnight on both sides of daylight saving', () => {
    expect(localDayStart('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(localDayStart('2026-03-09', 'America/New_York')).toBe('2026-03-09T04:00:00.000Z');
    expect(localDayStart('2026-11-01', 'America/New_York')).toBe('2026-11-01T04:00:00.000Z');
    expect(localDayStart('2026-11-02', 'America/New_York')).toBe('2026-11-02T05:00:00.000Z');
  });

  it('gives New York a 23-hour day in March and a 25-hour day in November', () => {
    expect(hours(localDayRange('2026-03-08', '2026-03-08', 'America/New_York'))).toBe(23);
    expect(hours(localDayRange('2026-11-01', '2026-11-01', 'America/New_York'))).toBe(25);
    expect(hours(localDayRange('2026-03-07', '2026-03-09', 'America/New_York'))).toBe(71);
  });

  it('handles half- and quarter-hour zones', () => {
    expect(localDayStart('2026-06-01', 'Asia/Kolkata')).toBe('2026-05-31T18:30:00.000Z');
    expect(localDayStart('2026-06-01', 'Asia/Kathmandu')).toBe('2026-05-31T18:15:00.000Z');
    expect(localDayStart('2026-06-01', 'Asia/Tokyo')).toBe('2026-05-31T15:00:00.000Z');
  });

  it('handles Chatham’s +12:45 and +13:45 and its 23-hour day', () => {
    // Standard time (+12:45) in the southern winter, daylight time (+13:45) in summer.
    expect(localDayStart('2026-06-01', 'Pacific/Chatham')).toBe('2026-05-31T11:15:00.000Z');
    expect(localDayStart('2026-01-15', 'Pacific/Chatham')).toBe('2026-01-14T10:15:00.000Z');
    // Clocks go forward at 02:45 on the last Sunday of September.
    expect(hours(localDayRange('2026-09-27', '2026-09-27', 'Pacific/Chatham'))).toBe(23);
  });

  it('starts a day whose midnight daylight saving skips when the clocks jump', () => {
    // Santiago springs forward at 00:00 → 01:00 on 2026-09-06: the day begins at 04:00 UTC.
    expect(localDayStart('2026-09-06', 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z');
    expect(localDate(Date.parse('2026-09-06T04:00:00.000Z'), 'America/Santiago')).toBe('2026-09-06');
    expect(localDate(Date.parse('2026-09-06T03:59:59.000Z'), 'America/Santiago')).toBe('2026-09-05');
  });
});

describe('localDate and offsets', () => {
  it('reads the local date of instants near midnight UTC', () => {
    expect(localDate(Date.parse('2026-03-08T04:30:00Z'), 'America/New_York')).toBe('2026-03-07');
    expect(localDate(Date.parse('2026-03-08T05:30:00Z'), 'America/New_York')).toBe('2026-03-08');
    expect(localDate(Date.parse('2026-03-07T15:30:00Z'), 'Asia/Tokyo')).toBe('2026-03-08');
    expect(localDate(Date.parse('2026-03-07T18:29:59Z'), 'Asia/Kolkata')).toBe('2026-03-07');
    expect(localDate(Date.parse('2026-03-07T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-03-08');
    expect(localDate(Date.parse('2026-03-07T23:59:59Z'), 'UTC')).toBe('2026-03-07');
  });

  it('gives offsets in seconds, east positive', () => {
    expect(offsetSeconds(Date.parse('2026-06-01T00:00:00Z'), 'Asia/Kathmandu')).toBe(20_700);
    expect(offsetSeconds(Date.parse('2026-06-01T00:00:00Z'), 'America/New_York')).toBe(-14_400);
    expect(offsetSeconds(Date.parse('2026-06-01T00:00:00Z'), 'UTC')).toBe(0);
  });

  it('adds calendar days across months and years', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });
});

describe('offsetSpans', () => {
  it('is one span without a change in the range', () => {
    expect(offsetSpans('Asia/Tokyo', '2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z')).toEqual([
      { from: '2026-03-01T00:00:00.000Z', offsetSeconds: 32_400 },
    ]);
  });

  it('finds each daylight-saving change to the second', () => {
    expect(offsetSpans('America/New_York', '2026-01-01T05:00:00.000Z', '2027-01-01T05:00:00.000Z')).toEqual([
      { from: '2026-01-01T05:00:00.000Z', offsetSeconds: -18_000 },
      { from: '2026-03-08T07:00:00.000Z', offsetSeconds: -14_400 },
      { from: '2026-11-01T06:00:00.000Z', offsetSeconds: -18_000 },
    ]);
    expect(offsetSpans('Pacific/Chatham', '2026-09-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z')).toEqual([
      { from: '2026-09-01T00:00:00.000Z', offsetSeconds: 45_900 },
      { from: '2026-09-26T14:00:00.000Z', offsetSeconds: 49_500 },
    ]);
  });
});

describe('time zone names', () => {
  it('accepts IANA names and refuses the rest with a 400', () => {
    expect(isTimeZone('Asia/Tokyo')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Etc/GMT+5')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('+05:30')).toBe(false);
    expect(isTimeZone("UTC'; drop table leads; --")).toBe(false);
    expect(() => assertTimeZone('Asia/Nowhere')).toThrow(
      expect.objectContaining({ statusCode: 400, field: 'tz' }),
    );
  });
});
