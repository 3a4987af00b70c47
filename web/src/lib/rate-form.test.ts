import { describe, expect, it } from 'vitest';
import { rateProblems } from './rate-form';

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
