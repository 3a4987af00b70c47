import { describe, expect, it } from 'vitest';
import { accountRefusal, refusalMessage } from './account-refusal';

describe('an account refusal', () => {
  it('is read from the 403 the server sends a suspended or rejected publisher and a disabled admin', () => {
    expect(accountRefusal(403, 'publisher account is suspended')).toBe('suspended');
    expect(accountRefusal(403, 'publisher account is rejected')).toBe('rejected');
    expect(accountRefusal(403, 'admin account is disabled')).toBe('disabled');
  });

  it('is not any other refusal: a CSRF 403, the other role, a wrong password, another status code', () => {
    expect(
      accountRefusal(403, 'missing or wrong X-CSRF-Token header for a cookie-authenticated change'),
    ).toBeUndefined();
    expect(accountRefusal(403, 'publisher access required')).toBeUndefined();
    expect(accountRefusal(401, 'publisher account is suspended')).toBeUndefined();
    expect(accountRefusal(403, 'wrong email or password')).toBeUndefined();
    expect(accountRefusal(403, undefined)).toBeUndefined();
  });

  it('is said in words with what to do next', () => {
    expect(refusalMessage('suspended')).toMatch(/^Your account is suspended.*Contact the network/);
    expect(refusalMessage('rejected')).toMatch(/^Your registration was not approved/);
    expect(refusalMessage('disabled')).toMatch(/^Your admin account is disabled/);
  });
});
