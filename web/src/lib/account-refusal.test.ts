import { describe, expect, it } from 'vitest';
import { accountRefusal, refusalMessage } from './account-refusal';

describe('an account refusal', () => {
  it('is read from the code of the 403 the server sends a suspended or rejected publisher and a disabled admin', () => {
    expect(accountRefusal(403, 'account_suspended')).toBe('suspended');
    expect(accountRefusal(403, 'account_rejected')).toBe('rejected');
    expect(accountRefusal(403, 'account_disabled')).toBe('disabled');
  });

  it('is not any other refusal: a CSRF 403, the other role, another status code, a message', () => {
    expect(accountRefusal(403, 'forbidden')).toBeUndefined();
    expect(accountRefusal(401, 'account_suspended')).toBeUndefined();
    expect(accountRefusal(403, 'publisher account is suspended')).toBeUndefined();
    expect(accountRefusal(403, 'account_suspended_x')).toBeUndefined();
    expect(accountRefusal(403, undefined)).toBeUndefined();
  });

  it('is said in words with what to do next', () => {
    expect(refusalMessage('suspended')).toMatch(/^Your account is suspended.*Contact the network/);
    expect(refusalMessage('rejected')).toMatch(/^Your registration was not approved/);
    expect(refusalMessage('disabled')).toMatch(/^Your admin account is disabled/);
  });
});
