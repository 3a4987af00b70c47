import { describe, expect, it } from 'vitest';
import { EMPTY_GOAL, EMPTY_OFFER, offerBody, offerMargin, validateOffer } from './offer-form-model';

const valid = {
  ...EMPTY_OFFER,
  name: 'Keto Slim',
  advertiser_id: '1',
  landing_url: 'https://lander.example/keto?click_id={click_id}',
  adv_payout: '10.00',
  pub_payout: '7.50',
  geo: 'in, pk',
};

describe('the offer form', () => {
  it('accepts a complete offer and sends GEO as codes, cap as a number', () => {
    expect(validateOffer(valid)).toEqual({});
    expect(offerBody({ ...valid, daily_cap: '500' })).toMatchObject({
      geo: ['IN', 'PK'],
      daily_cap: 500,
      trafficback_url: null,
    });
  });

  it('checks payouts against the currency’s decimals and GEO against ISO codes', () => {
    const errors = validateOffer({ ...valid, currency: 'JPY', adv_payout: '10.50', geo: 'IN, India' });
    expect(errors.adv_payout).toBe('JPY has no decimals');
    expect(errors.geo).toBe('Not a two-letter ISO code: INDIA');
    expect(validateOffer({ ...valid, currency: 'XYZ' }).currency).toMatch(/ISO 4217/);
  });

  it('checks goals row by row', () => {
    const errors = validateOffer({
      ...valid,
      goals: [
        { ...EMPTY_GOAL, key: 'lead', adv_payout: '1', pub_payout: '0.5' },
        {
          ...EMPTY_GOAL,
          key: 'Sale',
          aliases: 'lead',
          adv_payout: 'x',
          pub_payout: '1',
          revshare_percent: '120',
        },
      ],
    });
    expect(errors['goals.1.key']).toMatch(/Lower-case/);
    expect(errors['goals.1.aliases']).toBe('"lead" is used by two goals');
    expect(errors['goals.1.adv_payout']).toBe('Enter an amount like 10.00');
    expect(errors['goals.1.revshare_percent']).toBe('A percentage from 0 to 100');
    expect(errors['goals.0.key']).toBeUndefined();
  });

  it('shows the margin exactly once both payouts are amounts', () => {
    expect(offerMargin('10.00', '7.50', 'USD')).toBe('2.50');
    expect(offerMargin('0.3', '0.1', 'USD')).toBe('0.20');
    expect(offerMargin('5', '7', 'USD')).toBe('-2.00');
    expect(offerMargin('10', '', 'USD')).toBeUndefined();
  });

  it('sends the pixel settings, off and one per click unless chosen, and checks the limit', () => {
    expect(offerBody(valid)).toMatchObject({
      pixel_mode: 'off',
      pixel_max_per_click: 1,
      pixel_require_sig: false,
      allow_pub_above_adv: false,
    });
    expect(
      offerBody({ ...valid, pixel_mode: 'hold', pixel_max_per_click: ' 3 ', pixel_require_sig: true }),
    ).toMatchObject({ pixel_mode: 'hold', pixel_max_per_click: 3, pixel_require_sig: true });
    for (const bad of ['0', '1001', '1.5', 'two', '']) {
      expect(validateOffer({ ...valid, pixel_max_per_click: bad }).pixel_max_per_click, bad).toBe(
        'A whole number from 1 to 1000',
      );
    }
  });
});
