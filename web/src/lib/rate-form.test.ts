import { describe, expect, it } from 'vitest';
import { i18next } from '../i18n';
import { formatDecimal } from './money';
import { rateProblems, rateSavedNote } from './rate-form';

describe('currency rate form', () => {
  it('accepts a code, a day and a positive decimal', () => {
    expect(rateProblems({ currency: 'eur', rate_date: '2026-06-01', rate: '1.0850' }, 'USD')).toEqual({});
  });

  it('names each problem', () => {
    expect(rateProblems({ currency: 'EURO', rate_date: '', rate: '-1' }, 'USD')).toEqual({
      currency: 'Three-letter ISO code, e.g. EUR',
      rate_date: 'A date, YYYY-MM-DD',
      rate: 'A positive decimal, e.g. 1.0850',
    });
    expect(rateProblems({ currency: 'usd', rate_date: '2026-06-01', rate: '0.000' }, 'USD')).toEqual({
      currency: 'USD is the base currency: its rate is always 1',
      rate: 'Must be greater than 0',
    });
  });
});

describe("a saved rate's note and the table's rate, in the app's language", () => {
  const saved = { currency: 'EUR', rate: '1.1', base_currency: 'USD', rate_date: '2026-12-06' };

  it('says the day and the rate as the language writes them, with one full stop', () => {
    const said: Record<string, string> = {};
    try {
      for (const lng of ['en', 'es', 'ru', 'hi']) {
        i18next.changeLanguage(lng);
        said[lng] = rateSavedNote(saved);
      }
    } finally {
      i18next.changeLanguage('en');
    }
    // Russian writes the day "6 дек. 2026 г.": a full stop after it read "… 2026 г.."
    expect(said.ru).toBe('С 6 дек. 2026 г.: 1 EUR = 1,1 USD.');
    expect(said.en).toBe('From 2026-12-06: 1 EUR = 1.1 USD.');
    expect(said.es).toBe('Desde el 6 dic 2026: 1 EUR = 1,1 USD.');
    expect(said.hi).toMatch(/^6 दिस॰ 2026 से: 1 EUR = 1\.1 USD।$/);
    for (const text of Object.values(said)) expect(text).not.toMatch(/\.\s*\.|\.\s*।/);
  });

  it('formats a rate by locale keeping every digit it was sent with, never through a float', () => {
    expect(formatDecimal('1.1', 'ru')).toBe('1,1');
    expect(formatDecimal('1.0850', 'es')).toBe('1,0850');
    expect(formatDecimal('1234.5', 'en')).toBe('1,234.5');
    expect(formatDecimal('0.1234567891', 'hi')).toBe('0.1234567891');
    expect(formatDecimal('12345678901.0000000001', 'en')).toBe('12,345,678,901.0000000001');
    expect(formatDecimal('n/a', 'ru')).toBe('n/a');
  });
});
