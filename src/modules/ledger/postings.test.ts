import { describe, expect, it } from 'vitest';
import { sumAmounts } from '../../lib/money.js';
import { type ConversionMoney, impliedPostings, postingsToReach } from './postings.js';

const base: ConversionMoney = {
  status: 'approved',
  advPayout: 1000,
  pubPayout: 750,
  currency: 'USD',
  advertiserId: 3,
  publisherId: 9,
};

describe('impliedPostings', () => {
  it('puts an approved conversion on receivable, approved balance and margin, balanced', () => {
    const lines = impliedPostings(base);
    expect(lines).toEqual([
      { account: 'advertiser_receivable', party: 3, amount: 1000, currency: 'USD' },
      { account: 'publisher_approved', party: 9, amount: -750, currency: 'USD' },
      { account: 'network_margin', party: null, amount: -250, currency: 'USD' },
    ]);
    expect(sumAmounts(lines.map((l) => l.amount))).toBe(0);
  });

  it('puts a hold on the pending accounts', () => {
    expect(impliedPostings({ ...base, status: 'hold' }).map((l) => l.account)).toEqual([
      'advertiser_pending',
      'publisher_pending',
      'margin_pending',
    ]);
  });

  it('implies nothing for every other status', () => {
    for (const status of [
      'processing',
      'cancelled',
      'wrong_number',
      'spam',
      'duplicate',
      'test',
      'chargedback',
    ] as const) {
      expect(impliedPostings({ ...base, status })).toEqual([]);
    }
  });

  it('leaves out zero lines and books a loss when the publisher is paid more than the advertiser pays', () => {
    expect(impliedPostings({ ...base, pubPayout: 1000 })).toHaveLength(2);
    const loss = impliedPostings({ ...base, pubPayout: 1200 });
    expect(loss.find((l) => l.account === 'network_margin')?.amount).toBe(200);
    expect(sumAmounts(loss.map((l) => l.amount))).toBe(0);
  });
});

describe('postingsToReach', () => {
  it('reverses the posted position and posts the new one', () => {
    const posted = impliedPostings({ ...base, status: 'hold' });
    const { reversal, posting } = postingsToReach(posted, impliedPostings(base));
    expect(reversal.map((l) => l.amount)).toEqual([-1000, 750, 250]);
    expect(posting).toEqual(impliedPostings(base));
  });

  it('writes nothing when the posted position already matches', () => {
    const lines = impliedPostings(base);
    expect(postingsToReach([...lines].reverse(), lines)).toEqual({ reversal: [], posting: [] });
    expect(postingsToReach([], [])).toEqual({ reversal: [], posting: [] });
  });
});
