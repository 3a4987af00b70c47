import { describe, expect, it } from 'vitest';
import { canRequest, destinationBody, methodProblems, requestProblems } from './payouts';

const balance = {
  currency: 'USD',
  approved: '120.00',
  pending: '0.00',
  paid: '0.00',
  matured: '120.00',
  requested: '20.00',
  payable: '100.00',
  minimum: '50.00',
};
const form = {
  amount: '60',
  currency: 'USD',
  method: 'usdt_trc20',
  destination: 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE',
};

describe('payout form checks', () => {
  it('accepts an amount between the minimum and the payable balance to a well-formed wallet', () => {
    expect(requestProblems(form, balance)).toEqual({});
    expect(requestProblems({ ...form, amount: '100.00' }, balance)).toEqual({});
    expect(requestProblems({ ...form, amount: '50' }, balance)).toEqual({});
  });

  it('refuses below the minimum, above the payable balance, zero and malformed amounts', () => {
    expect(requestProblems({ ...form, amount: '49.99' }, balance).amount).toBe(
      'The minimum payout is $50.00',
    );
    expect(requestProblems({ ...form, amount: '100.01' }, balance).amount).toBe(
      'You can request at most $100.00',
    );
    expect(requestProblems({ ...form, amount: '0' }, { ...balance, minimum: '0.00' }).amount).toBe(
      'Enter more than 0',
    );
    expect(requestProblems({ ...form, amount: '1.234' }, balance).amount).toBe('At most 2 decimals for USD');
    expect(requestProblems({ ...form, amount: 'ten' }, balance).amount).toBe('Enter an amount like 10.00');
    expect(requestProblems(form, undefined).currency).toBe('Choose a balance to draw from');
  });

  it('checks the destination for the method', () => {
    expect(methodProblems({ method: '', destination: '' })).toEqual({ method: 'Choose how you are paid' });
    expect(methodProblems({ method: 'eth', destination: '' }).destination).toMatch(/^Enter an Ethereum/);
    expect(methodProblems({ method: 'eth', destination: '0x123' }).destination).toBe(
      'Ethereum needs an Ethereum address (0x and 40 hex digits)',
    );
    expect(methodProblems({ method: 'eth', destination: `0x${'a'.repeat(40)}` })).toEqual({});
    expect(methodProblems({ method: 'wise', destination: 'GB82 WEST 1234 5698 7654 32' })).toEqual({});
    expect(methodProblems({ method: 'paypal', destination: 'GB82WEST12345698765432' }).destination).toBe(
      'PayPal needs an email address',
    );
    expect(
      methodProblems({ method: 'btc', destination: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq' }),
    ).toEqual({});
  });

  it('sends a wallet as address and Wise or PayPal as account', () => {
    expect(destinationBody('btc', ' bc1q ')).toEqual({ method: 'btc', address: 'bc1q' });
    expect(destinationBody('paypal', 'a@b.co')).toEqual({ method: 'paypal', account: 'a@b.co' });
  });

  it('says whether a balance reaches the minimum', () => {
    expect(canRequest(balance)).toBe(true);
    expect(canRequest({ ...balance, payable: '49.99' })).toBe(false);
    expect(canRequest({ ...balance, payable: '0.00', minimum: '0.00' })).toBe(false);
  });
});
