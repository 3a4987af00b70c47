import { describe, expect, it } from 'vitest';
import { commissionFor } from './commission.js';

const offer = { advPayout: 1000, pubPayout: 750, currency: 'USD' };

describe('commissionFor', () => {
  it('pays the offer payouts when there is no goal', () => {
    expect(commissionFor({ offer, hasPublisher: true })).toEqual({
      advPayout: 1000,
      pubPayout: 750,
      currency: 'USD',
    });
  });

  it("uses the publisher's custom payout on the offer when set", () => {
    expect(commissionFor({ offer, customPubPayout: 820, hasPublisher: true }).pubPayout).toBe(820);
    expect(commissionFor({ offer, customPubPayout: null, hasPublisher: true }).pubPayout).toBe(750);
  });

  it("pays a goal's own payouts, not the offer's nor the custom one", () => {
    const goal = { advPayout: 3000, pubPayout: 2000, revshareBps: null };
    expect(commissionFor({ offer, goal, customPubPayout: 820, hasPublisher: true })).toEqual({
      advPayout: 3000,
      pubPayout: 2000,
      currency: 'USD',
    });
  });

  it('takes a revenue share of the gross amount in its currency, the publisher keeping the goal ratio', () => {
    const goal = { advPayout: 1000, pubPayout: 700, revshareBps: 3000 };
    // 30% of 19.99 EUR = 5.997 → 6.00; the publisher gets 70% of that = 4.20.
    expect(
      commissionFor({ offer, goal, gross: { amount: 1999, currency: 'EUR' }, hasPublisher: true }),
    ).toEqual({ advPayout: 600, pubPayout: 420, currency: 'EUR' });
  });

  it('gives the publisher the whole share when the revenue-share goal has no fixed advertiser payout', () => {
    const goal = { advPayout: 0, pubPayout: 0, revshareBps: 2500 };
    expect(
      commissionFor({ offer, goal, gross: { amount: 10000, currency: 'USD' }, hasPublisher: true }),
    ).toEqual({ advPayout: 2500, pubPayout: 2500, currency: 'USD' });
  });

  it('falls back to fixed goal payouts when a revenue-share goal gets no gross amount', () => {
    const goal = { advPayout: 1000, pubPayout: 700, revshareBps: 3000 };
    expect(commissionFor({ offer, goal, hasPublisher: true }).advPayout).toBe(1000);
  });

  it('pays no publisher payout on a lead without a publisher', () => {
    expect(commissionFor({ offer, hasPublisher: false })).toEqual({
      advPayout: 1000,
      pubPayout: 0,
      currency: 'USD',
    });
  });
});
