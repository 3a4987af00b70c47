import type { AppContext } from '../../context.js';
import { inTransaction } from '../../db/database.js';
import { decryptSecret, encryptSecret } from '../../lib/crypto.js';
import { AppError, ConflictError, ValidationError } from '../../lib/errors.js';
import { dropLoginTickets } from './login-tickets.js';
import {
  deleteRecoveryCodes,
  issueRecoveryCodes,
  recoveryCodesLeft,
  spendRecoveryCode,
} from './recovery-codes.js';
import type { SubjectType } from './sessions.js';
import { newTotpSecret, otpauthUrl, qrSvg, totpStep } from './totp.js';

const SECRET_PURPOSE = 'totp-secret';
/** Wrong second factors in a row (over any number of sign-ins) before the account's 2FA locks. */
export const MAX_FAILURES = 10;
const LOCK_MINUTES = 15;

/** Too many wrong codes in a row: the second factor is not checked for a while (429). */
export class TwoFactorLockedError extends AppError {
  constructor(until: string) {
    super(`too many wrong codes; try again after ${until}`, 429, 'two_factor_locked');
  }
}

type Subject = { type: SubjectType; id: number };

async function findTwoFactor(ctx: AppContext, subject: Subject) {
  return ctx.db
    .selectFrom('two_factor')
    .selectAll()
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .executeTakeFirst();
}

export async function hasTwoFactor(ctx: AppContext, subject: Subject): Promise<boolean> {
  const row = await findTwoFactor(ctx, subject);
  return Boolean(row?.confirmed_at);
}

export async function twoFactorStatus(ctx: AppContext, subject: Subject) {
  const row = await findTwoFactor(ctx, subject);
  const enabled = Boolean(row?.confirmed_at);
  return {
    enabled,
    enabled_at: row?.confirmed_at ?? null,
    recovery_codes_left: enabled ? await recoveryCodesLeft(ctx, subject.type, subject.id) : 0,
  };
}

/**
 * Start enrolment: a new secret, kept unconfirmed until a code from the app proves it was copied.
 * Starting again replaces an unconfirmed secret; a confirmed one must be turned off first.
 */
export async function startEnrolment(ctx: AppContext, subject: Subject, accountName: string) {
  const existing = await findTwoFactor(ctx, subject);
  if (existing?.confirmed_at)
    throw new ConflictError(
      'two-factor sign-in is already on; turn it off first',
      undefined,
      'two_factor_on',
    );
  const secret = newTotpSecret();
  const sealed = encryptSecret(ctx.config.secretKey, SECRET_PURPOSE, secret);
  const now = ctx.clock.now().toISOString();
  await inTransaction(ctx.db, async (tx) => {
    await tx
      .deleteFrom('two_factor')
      .where('subject_type', '=', subject.type)
      .where('subject_id', '=', subject.id)
      .execute();
    await tx
      .insertInto('two_factor')
      .values({
        subject_type: subject.type,
        subject_id: subject.id,
        secret: sealed,
        confirmed_at: null,
        locked_until: null,
        created_at: now,
      })
      .execute();
  });
  const url = otpauthUrl(secret, accountName, issuerOf(ctx));
  return { secret, otpauth_url: url, qr_svg: await qrSvg(url) };
}

function issuerOf(ctx: AppContext): string {
  return `Leadrail (${new URL(ctx.config.publicUrl).host})`;
}

/** Finish enrolment with a code from the app; answers the ten recovery codes, shown this once. */
export async function confirmEnrolment(ctx: AppContext, subject: Subject, code: string) {
  const row = await findTwoFactor(ctx, subject);
  if (!row) throw new ConflictError('start two-factor set-up first', undefined, 'two_factor_not_started');
  if (row.confirmed_at)
    throw new ConflictError('two-factor sign-in is already on', undefined, 'two_factor_on');
  const step = await totpStep(
    decryptSecret(ctx.config.secretKey, SECRET_PURPOSE, row.secret),
    code,
    ctx.clock.now(),
  );
  if (step === undefined)
    throw new ValidationError(
      'the code does not match; check the app and the time on the phone',
      'code',
      'two_factor_code_wrong',
    );
  return inTransaction(ctx.db, async (tx) => {
    await tx
      .updateTable('two_factor')
      .set({ confirmed_at: ctx.clock.now().toISOString(), last_step: step, failures: 0, locked_until: null })
      .where('subject_type', '=', subject.type)
      .where('subject_id', '=', subject.id)
      .execute();
    return { recovery_codes: await issueRecoveryCodes(ctx, tx, subject.type, subject.id) };
  });
}

export async function turnOffTwoFactor(ctx: AppContext, subject: Subject) {
  await inTransaction(ctx.db, async (tx) => {
    await tx
      .deleteFrom('two_factor')
      .where('subject_type', '=', subject.type)
      .where('subject_id', '=', subject.id)
      .execute();
    await deleteRecoveryCodes(tx, subject.type, subject.id);
  });
  await dropLoginTickets(ctx, subject.type, subject.id);
}

export async function renewRecoveryCodes(ctx: AppContext, subject: Subject) {
  if (!(await hasTwoFactor(ctx, subject)))
    throw new ConflictError('two-factor sign-in is off', undefined, 'two_factor_off');
  return { recovery_codes: await issueRecoveryCodes(ctx, ctx.db, subject.type, subject.id) };
}

/** Six digits are an authenticator code; anything else is tried as a recovery code. */
export function isTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s/g, ''));
}

/**
 * Check a second factor: a TOTP code (each time step accepted once: the step must be later than the
 * last one used, set by a conditional update so a replay, even a racing one, fails) or an unused
 * recovery code. Wrong answers count; MAX_FAILURES in a row lock the check for LOCK_MINUTES.
 */
export async function checkSecondFactor(ctx: AppContext, subject: Subject, code: string): Promise<boolean> {
  const row = await findTwoFactor(ctx, subject);
  if (!row?.confirmed_at) return false;
  const now = ctx.clock.now();
  if (row.locked_until && row.locked_until > now.toISOString())
    throw new TwoFactorLockedError(row.locked_until);
  let ok = false;
  if (isTotpCode(code)) {
    const secret = decryptSecret(ctx.config.secretKey, SECRET_PURPOSE, row.secret);
    const step = await totpStep(secret, code.replace(/\s/g, ''), now);
    if (step !== undefined) {
      const taken = await ctx.db
        .updateTable('two_factor')
        .set({ last_step: step })
        .where('subject_type', '=', subject.type)
        .where('subject_id', '=', subject.id)
        .where('last_step', '<', step)
        .executeTakeFirst();
      ok = Number(taken.numUpdatedRows) === 1;
    }
  } else {
    ok = await spendRecoveryCode(ctx, subject.type, subject.id, code);
  }
  await countAttempt(ctx, subject, ok);
  return ok;
}

/** Wrong answers counted in the database (an increment, so parallel guesses all count). */
async function countAttempt(ctx: AppContext, subject: Subject, ok: boolean) {
  const row = ctx.db
    .updateTable('two_factor')
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id);
  if (ok) {
    await row.set({ failures: 0, locked_until: null }).execute();
    return;
  }
  const counted = await row
    .set((eb) => ({ failures: eb('failures', '+', 1) }))
    .returning('failures')
    .executeTakeFirst();
  if (counted && counted.failures >= MAX_FAILURES) {
    const until = new Date(ctx.clock.now().getTime() + LOCK_MINUTES * 60_000).toISOString();
    await row.set({ failures: 0, locked_until: until }).execute();
  }
}
