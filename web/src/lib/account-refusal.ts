/**
 * The server refuses a signed-in account it no longer lets in with a 403 and one of these messages
 * (src/modules/auth/login.ts and guards.ts): at sign-in, and on every request of a session opened
 * before the operator suspended or rejected the publisher (or disabled the admin).
 */
export type AccountRefusal = 'suspended' | 'rejected' | 'disabled';

const REFUSED = /^(?:publisher|admin) account is (suspended|rejected|disabled)$/;

/** Which refusal a failed answer is, if it is one: any other 403 (CSRF, the other role) is not. */
export function accountRefusal(status: number, message: string | undefined): AccountRefusal | undefined {
  if (status !== 403 || message === undefined) return undefined;
  return REFUSED.exec(message.trim())?.[1] as AccountRefusal | undefined;
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
