import { describe, expect, it } from 'vitest';
import { checkPhone } from './phone.js';

describe('checkPhone', () => {
  it('normalises international numbers however they are written', () => {
    for (const typed of ['+919876543210', '+91 98765 43210', '+91-98765-43210', '0091 98765 43210']) {
      expect(checkPhone(typed)).toEqual({ ok: true, e164: '+919876543210' });
    }
    expect(checkPhone('+1 (415) 555-2671')).toEqual({ ok: true, e164: '+14155552671' });
  });

  it('reads a national number with the lead country', () => {
    expect(checkPhone('98765 43210', 'IN')).toEqual({ ok: true, e164: '+919876543210' });
    expect(checkPhone('098765 43210', 'IN')).toEqual({ ok: true, e164: '+919876543210' });
  });

  it('accepts a national number of unknown country without an E.164 form', () => {
    expect(checkPhone('9876543210')).toEqual({ ok: true, e164: null });
    expect(checkPhone('9876543210', 'ZZ')).toEqual({ ok: true, e164: null });
  });

  it('refuses what is not a phone number, saying why', () => {
    expect(checkPhone('call me maybe')).toMatchObject({ ok: false, reason: expect.stringMatching(/digits/) });
    expect(checkPhone('john@example.com').ok).toBe(false);
    expect(checkPhone('12345')).toMatchObject({ ok: false, reason: expect.stringMatching(/5 digits/) });
    expect(checkPhone('+44 12')).toMatchObject({ ok: false });
    expect(checkPhone('+999 1234 5678')).toMatchObject({ ok: false, reason: /international/ });
    expect(checkPhone('987654', 'IN')).toMatchObject({
      ok: false,
      reason: 'is not a possible phone number in IN',
    });
  });
});
