import { tr } from '../i18n';
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
      return tr('common.refusal.suspended');
    case 'rejected':
      return tr('common.refusal.rejected');
    case 'disabled':
      return tr('common.refusal.disabled');
  }
}
