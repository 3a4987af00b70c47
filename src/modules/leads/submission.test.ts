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

  it('reads a click-shaped subid as the click unless a click or flow is given; the cookie comes last', () => {
    const request = { ip: '1.2.3.4', userAgent: 'UA' };
    const click = '01KT1GW6G0H2PTE0RGGBQX2MJD';
    const cookie = '01KT1GW6G0H2PTE0RGGBQX2MJE';
    expect(submissionToInput({ subid: click }, request)).toMatchObject({
      clickId: click,
      externalId: undefined,
    });
    expect(submissionToInput({ subid: 'kt-1' }, request)).toMatchObject({
      clickId: undefined,
      externalId: 'kt-1',
    });
    expect(submissionToInput({ click_id: 'X1', subid: click }, request)).toMatchObject({
      clickId: 'X1',
      externalId: click,
    });
    expect(submissionToInput({ flow: 'abc', subid: click }, request)).toMatchObject({
      clickId: undefined,
      externalId: click,
    });
    expect(submissionToInput({ click_id: '' }, { ...request, cookieClickId: cookie }).clickId).toBe(cookie);
    expect(submissionToInput({ subid: click }, { ...request, cookieClickId: cookie }).clickId).toBe(click);
    expect(submissionToInput({ flow: 'abc' }, { ...request, cookieClickId: cookie }).clickId).toBeUndefined();
    expect(
      submissionToInput({ offer_id: '3', pub_id: '4' }, { ...request, cookieClickId: cookie }).clickId,
    ).toBeUndefined();
    expect(submissionToInput({}, { ...request, cookieClickId: '{click}' }).clickId).toBeUndefined();
  });

  it('understands test flags from JSON and forms', () => {
    for (const v of [true, 1, '1', 'true', 'TRUE', 'yes', 'on']) expect(isTruthy(v)).toBe(true);
    for (const v of [false, 0, '0', 'false', '', 'no', undefined]) expect(isTruthy(v)).toBe(false);
  });
});
