import { describe, expect, it } from 'vitest';
import { customFields, isTruthy, submissionToInput } from './submission.js';

describe('submissionToInput', () => {
  it('reads custom fields from meta: {…}, meta[xxx] keys and unknown fields', () => {
    expect(
      customFields({
        name: 'John',
        meta: { size: 'XL', qty: 2 },
        'meta[colour]': 'red',
        'meta[size]': 'L',
        utm_source: 'fb',
        empty: null,
      }),
    ).toEqual({ size: 'L', qty: '2', colour: 'red', utm_source: 'fb' });
  });

  it('takes click as an alias of click_id, geo of country, and numbers as text', () => {
    const input = submissionToInput(
      { click: ' ABC ', geo: 'in', phone: 919876543210, offer_id: '3', pub_id: 4, sub2: 'x' },
      { ip: '1.2.3.4', userAgent: 'UA' },
    );
    expect(input).toMatchObject({
      source: 'api',
      clickId: 'ABC',
      country: 'in',
      phone: '919876543210',
      offerId: 3,
      publisherId: 4,
      subs: { sub2: 'x' },
      requestIp: '1.2.3.4',
      requestUserAgent: 'UA',
      test: false,
    });
  });

  it('understands test flags from JSON and forms', () => {
    for (const v of [true, 1, '1', 'true', 'TRUE', 'yes', 'on']) expect(isTruthy(v)).toBe(true);
    for (const v of [false, 0, '0', 'false', '', 'no', undefined]) expect(isTruthy(v)).toBe(false);
  });
});
