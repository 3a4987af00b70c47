import { describe, expect, it } from 'vitest';
import { i18next } from '../i18n';
import {
  amountProblem,
  compareDecimals,
  currencyDigits,
  formatMoney,
  fromMinorUnits,
  subtractAmounts,
  toMinorUnits,
} from './money';

describe('money in the UI', () => {
  it('formats decimal strings with their currency, without going through a float', () => {
    expect(formatMoney('10.5', 'USD', 'en-US')).toBe('$10.50');
    expect(formatMoney('1500', 'JPY', 'en-US')).toBe('¥1,500');
    expect(formatMoney('2.125', 'KWD', 'en-US')).toBe('KWD\u00a02.125');
    // 17 significant digits: a float would print …568.00
    expect(formatMoney('12345678901234567.89', 'USD', 'en-US')).toBe('$12,345,678,901,234,567.89');
    expect(formatMoney('0.30', 'EUR', 'de-DE')).toBe('0,30\u00a0€');
  });

  it('shows something that is not an amount as it came', () => {
    expect(formatMoney('n/a', 'USD')).toBe('n/a USD');
  });

  it('knows minor-unit digits per currency', () => {
    expect(currencyDigits('USD')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
  });

  it('checks an amount the way the server will', () => {
    expect(amountProblem('10.00', 'USD')).toBeUndefined();
    expect(amountProblem('10.500', 'USD')).toBeUndefined();
    expect(amountProblem('10.505', 'USD')).toBe('At most 2 decimals for USD');
    expect(amountProblem('10.5', 'JPY')).toBe('JPY has no decimals');
    expect(amountProblem('-1', 'USD')).toBe('Enter an amount like 10.00');
    expect(amountProblem('1e3', 'USD')).toBe('Enter an amount like 10.00');
    expect(amountProblem('', 'USD')).toBe('Enter an amount like 10.00');
  });

  it("says the amount check in the reader's language", () => {
    try {
      i18next.changeLanguage('es');
      expect(amountProblem('ten', 'USD')).toBe('Introduzca un importe como 10.00');
      i18next.changeLanguage('ru');
      expect(amountProblem('10.5', 'JPY')).toBe('У JPY нет дробной части');
      i18next.changeLanguage('hi');
      expect(amountProblem('10.505', 'USD')).toBe('USD के लिए अधिकतम 2 दशमलव स्थान');
    } finally {
      i18next.changeLanguage('en');
    }
  });

  it('does margin arithmetic in integer minor units', () => {
    expect(toMinorUnits('10.5', 'USD')).toBe(1050n);
    expect(fromMinorUnits(-5n, 'USD')).toBe('-0.05');
    expect(subtractAmounts('0.30', '0.10', 'USD')).toBe('0.20'); // 0.3 - 0.1 = 0.19999… in floats
    expect(subtractAmounts('7.50', '10.00', 'USD')).toBe('-2.50');
    expect(subtractAmounts('1500', '1000', 'JPY')).toBe('500');
  });

  it('compares decimal strings exactly', () => {
    expect(compareDecimals('10.00', '9.99')).toBe(1);
    expect(compareDecimals('2.5', '2.50')).toBe(0);
    expect(compareDecimals('-1', '0.5')).toBe(-1);
    expect(compareDecimals('9007199254740993.01', '9007199254740993.02')).toBe(-1);
  });
});
