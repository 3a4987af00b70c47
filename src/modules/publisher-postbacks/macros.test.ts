import { describe, expect, it } from 'vitest';
import { assertKnownMacros, fillPostbackUrl, type MacroValues } from './macros.js';
import { POSTBACK_PRESETS } from './presets.js';

const values: MacroValues = {
  click_id: '01KT1GW6G0H2PTE0RGGBQX2MJD',
  clickid: '01KT1GW6G0H2PTE0RGGBQX2MJD',
  subid: 'kt 77&x',
  status: 'sale',
  event: 'approved',
  payout: '7.50',
  currency: 'USD',
  offer_id: '3',
  publisher_id: '9',
  goal: 'dep',
  txid: 'L1',
  sub1: 'kt 77&x',
  sub2: '',
  sub3: '',
  sub4: '',
  sub5: '',
  sub6: '',
  sub7: '',
  sub8: '',
  sub9: '',
  sub10: '',
};

describe('publisher postback macros', () => {
  it('fills seed 004 Keitaro template with encoded values', () => {
    const url = fillPostbackUrl(
      'https://tu-keitaro/postback?subid={clickid}&status={status}&payout={payout}&currency={currency}',
      values,
    );
    expect(url).toBe(
      'https://tu-keitaro/postback?subid=01KT1GW6G0H2PTE0RGGBQX2MJD&status=sale&payout=7.50&currency=USD',
    );
  });

  it('encodes sub values so they cannot add parameters', () => {
    const url = fillPostbackUrl('https://t.example/pb?s={sub1}&g={goal}', values);
    expect(url).toBe('https://t.example/pb?s=kt%2077%26x&g=dep');
  });

  it('rejects unknown macros and accepts every preset', () => {
    expect(() => assertKnownMacros('https://t.example/?a={clik_id}')).toThrow(/\{clik_id\}/);
    for (const preset of Object.values(POSTBACK_PRESETS)) {
      const url = preset.url.replace('{domain}', 'tracker.example').replace('{key}', 'k3y');
      expect(() => assertKnownMacros(url)).not.toThrow();
    }
  });
});
