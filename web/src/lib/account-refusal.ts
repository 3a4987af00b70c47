/**
 * The server refuses an account it no longer lets in with a 403 whose code is `account_suspended`,
 * `account_rejected` or `account_disabled` (AccountRefusedError, src/lib/errors.ts): at sign-in, and
 * on every request of a session opened before the operator suspended or rejected the publisher.
 */
export type AccountRefusal = 'suspended' | 'rejected' | 'disabled';

const REFUSED = /^account_(suspended|rejected|disabled)$/;

/** Which refusal a failed answer is, by its error code: any other 403 (CSRF, the other role) is not. */
export function accountRefusal(status: number, code: string | undefined): AccountRefusal | undefined {
  if (status !== 403 || code === undefined) return undefined;
  return REFUSED.exec(code)?.[1] as AccountRefusal | undefined;
}

/** What the person reads instead of "forbidden": what happened and what they can do. */
export function refusalMessage(refusal: AccountRefusal): string {
  switch (refusal) {
    case 'suspended':
      return 'Your account is suspended, so you cannot sign in or use the portal for now. Contact the network to have it reactivated.';
    case 'rejected':
      return 'Your registration was not approved, so you cannot sign in. Contact the network if you think this is a mistake.';
    case 'disabled':
      return 'Your admin account is disabled. Ask another administrator to enable it again.';
  }
}
