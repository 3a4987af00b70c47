import { describe, expect, it } from 'vitest';
import { formatDay, formatDayInput, formatFixed, momentOf, parseDayInput, parseTimeInput } from './format';

describe('formatDay', () => {
  it("shows a calendar day in the reader's language, English keeping the ISO day", () => {
    expect(formatDay('2026-12-06', 'en')).toBe('2026-12-06');
    expect(formatDay('2026-12-06', 'es')).toBe('6 dic 2026');
    expect(formatDay('2026-12-06', 'ru')).toBe('6 дек. 2026 г.');
    expect(formatDay('2026-12-06', 'hi')).toBe('6 दिस॰ 2026');
  });

  it('keeps the day it was given whatever the zone (no shift at midnight UTC)', () => {
    expect(formatDay('2026-01-01', 'ru')).toBe('1 янв. 2026 г.');
    expect(formatDay('2026-12-31', 'es')).toBe('31 dic 2026');
  });

  it('shows anything that is not a day as it came', () => {
    expect(formatDay('', 'ru')).toBe('');
    expect(formatDay('soon', 'es')).toBe('soon');
  });
});

describe('date fields in figures', () => {
  it("writes a day as the reader's language does (dd.mm.yyyy in Russian), English keeping ISO", () => {
    expect(formatDayInput('2026-12-06', 'ru')).toBe('06.12.2026');
    expect(formatDayInput('2026-12-06', 'es')).toBe('06/12/2026');
    expect(formatDayInput('2026-12-06', 'hi')).toBe('06/12/2026');
    expect(formatDayInput('2026-12-06', 'en')).toBe('2026-12-06');
    expect(formatDayInput('', 'ru')).toBe('');
  });

  it('reads what was typed in that order back to the ISO day, and refuses what is not a day', () => {
    expect(parseDayInput('06.12.2026', 'ru')).toBe('2026-12-06');
    expect(parseDayInput('6.1.2026', 'ru')).toBe('2026-01-06');
    expect(parseDayInput('31/12/2026', 'es')).toBe('2026-12-31');
    expect(parseDayInput('2026-12-06', 'hi')).toBe('2026-12-06');
    expect(parseDayInput('31.02.2026', 'ru')).toBeUndefined();
    expect(parseDayInput('06.12.26', 'ru')).toBeUndefined();
    expect(parseDayInput('soon', 'es')).toBeUndefined();
  });
});

describe('formatFixed', () => {
  it("writes a chart's money ticks with the language's decimal sign", () => {
    expect(formatFixed(1.5, 2, 'en')).toBe('1.50');
    expect(formatFixed(1.5, 2, 'ru')).toBe('1,50');
    expect(formatFixed(1234.5, 2, 'es')).toBe('1234,50');
    expect(formatFixed(0, 2, 'hi')).toBe('0.00');
  });
});

describe('a moment field outside English (day field + 24-hour time)', () => {
  it('reads a time of day on the 24-hour clock', () => {
    expect(parseTimeInput('17:30')).toBe('17:30');
    expect(parseTimeInput(' 9.05 ')).toBe('09:05');
    expect(parseTimeInput('24:00')).toBeUndefined();
    expect(parseTimeInput('5:7')).toBeUndefined();
    expect(parseTimeInput('5 PM')).toBeUndefined();
  });

  it('says the moment a datetime-local field would hold, or nothing while it is not whole', () => {
    expect(momentOf('2026-12-06', '17:30')).toBe('2026-12-06T17:30');
    expect(momentOf('2026-12-06', '')).toBe('2026-12-06T00:00');
    expect(momentOf('06.12.20', '17:30')).toBe('');
    expect(momentOf('2026-12-06', '17:3')).toBe('');
    expect(momentOf('', '')).toBe('');
  });
});
