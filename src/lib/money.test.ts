import { describe, expect, it } from 'vitest';
import {
  convertAmount,
  differenceOf,
  formatAmount,
  limitInMinorUnits,
  negateAmount,
  parseAmount,
  parsePercent,
  parseRate,
  proportionOf,
  shareOf,
  sumAmounts,
} from './money.js';

describe('money', () => {
  it('parses decimal strings into minor units by currency exponent', () => {
    expect(parseAmount('10.00', 'USD')).toBe(1000);
    expect(parseAmount('10.5', 'USD')).toBe(1050);
    expect(parseAmount('0.1', 'USD')).toBe(10);
    expect(parseAmount('1500', 'JPY')).toBe(1500);
    expect(parseAmount('1.234', 'KWD')).toBe(1234);
    expect(parseAmount('7.10', 'EUR')).toBe(710);
  });

  it('rejects negatives, too many decimals and garbage with the field name', () => {
    expect(() => parseAmount('-1', 'USD', 'adv_payout')).toThrow(/adv_payout/);
    expect(() => parseAmount('1.005', 'USD', 'pub_payout')).toThrow(/more than 2 decimals/);
    expect(() => parseAmount('1.5', 'JPY')).toThrow(/more than 0 decimals/);
    expect(() => parseAmount('1e3', 'USD')).toThrow();
    expect(() => parseAmount('', 'USD')).toThrow();
  });

  it('formats minor units back without float error', () => {
    expect(formatAmount(1050, 'USD')).toBe('10.50');
    expect(formatAmount(5, 'USD')).toBe('0.05');
    expect(formatAmount(-5, 'USD')).toBe('-0.05');
    expect(formatAmount(1500, 'JPY')).toBe('1500');
    expect(formatAmount('123456789012345', 'USD')).toBe('1234567890123.45');
  });

  it('sums the classic float trap exactly', () => {
    const total = sumAmounts([parseAmount('0.1', 'USD'), parseAmount('0.2', 'USD')]);
    expect(formatAmount(total, 'USD')).toBe('0.30');
    expect(sumAmounts(['100', 5n, null, 7])).toBe(112);
  });

  it('takes percentage shares in basis points, rounding half up', () => {
    expect(parsePercent('30')).toBe(3000);
    expect(parsePercent('12.5')).toBe(1250);
    expect(() => parsePercent('101')).toThrow();
    expect(shareOf(999, 3000)).toBe(300); // 299.7 → 300
    expect(shareOf(1000, 1250)).toBe(125);
    expect(shareOf(1, 5000)).toBe(1); // 0.5 → 1
  });

  it('takes differences, negations and proportions in integers', () => {
    expect(differenceOf(1000, 750)).toBe(250);
    expect(differenceOf(750, 1000)).toBe(-250);
    expect(negateAmount(750)).toBe(-750);
    expect(Object.is(negateAmount(0), 0)).toBe(true);
    expect(proportionOf(600, 700, 1000)).toBe(420);
    expect(proportionOf(1, 1, 2)).toBe(1); // 0.5 → 1
    expect(proportionOf(999, 1, 3)).toBe(333);
    expect(() => proportionOf(1, 1, 0)).toThrow();
  });

  it('reads a configured limit in any currency, cutting extra digits', () => {
    expect(limitInMinorUnits('10000.00', 'USD')).toBe(1_000_000);
    expect(limitInMinorUnits('10000.00', 'JPY')).toBe(10_000);
    expect(limitInMinorUnits('10000.00', 'KWD')).toBe(10_000_000);
    expect(limitInMinorUnits('5', 'EUR')).toBe(500);
  });
});

describe('exchange rates', () => {
  it('normalises positive decimal rates and refuses the rest with the field name', () => {
    expect(parseRate('1.0850')).toBe('1.085');
    expect(parseRate('007')).toBe('7');
    expect(parseRate('0.0000001')).toBe('0.0000001');
    expect(() => parseRate('0')).toThrow(/greater than 0/);
    expect(() => parseRate('0.000')).toThrow(/greater than 0/);
    expect(() => parseRate('-1.2', 'rate')).toThrow(/rate/);
    expect(() => parseRate('1e3')).toThrow();
    expect(() => parseRate('1.12345678901')).toThrow();
  });

  it('converts through the base currency exactly, rounding once half away from zero', () => {
    const usd = { currency: 'USD', rate: '1' };
    const eur = { currency: 'EUR', rate: '1.085' };
    expect(convertAmount(2000, eur, usd)).toBe(2170); // 20.00 EUR → 21.70 USD
    expect(convertAmount(-2000, eur, usd)).toBe(-2170);
    expect(convertAmount(1000, usd, eur)).toBe(922); // 10.00 / 1.085 = 9.2166 → 9.22
    expect(convertAmount(1, eur, { currency: 'USD', rate: '0.5' })).toBe(2); // 0.0217 → 0.02
    expect(convertAmount(5, { currency: 'USD', rate: '1' }, { currency: 'USD', rate: '3' })).toBe(5);
    // 0.1 + 0.2 style traps: 0.10 EUR at 1.15 is exactly 0.115 → 0.12, and its reversal −0.12.
    expect(convertAmount(10, { currency: 'EUR', rate: '1.15' }, usd)).toBe(12);
    expect(convertAmount(-10, { currency: 'EUR', rate: '1.15' }, usd)).toBe(-12);
  });

  it('scales between currencies with different minor units', () => {
    const jpy = { currency: 'JPY', rate: '0.0067' };
    const usd = { currency: 'USD', rate: '1' };
    expect(convertAmount(1500, jpy, usd)).toBe(1005); // ¥1500 → $10.05
    expect(convertAmount(1005, usd, jpy)).toBe(1500);
    expect(convertAmount(1000, usd, { currency: 'KWD', rate: '3.25' })).toBe(3077); // 3.0769 KWD
  });
});
