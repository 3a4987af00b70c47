import { randomInt } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/database.js';
import { hmacSha256Hex } from '../../lib/crypto.js';
import type { SubjectType } from './sessions.js';

export const RECOVERY_CODE_COUNT = 10;
// 32 letters and digits without the look-alikes (l, o, 0, 1): 16 of them are 80 bits.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const GROUPS = 4;
const GROUP_LENGTH = 4;

function newRecoveryCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = '';
    for (let i = 0; i < GROUP_LENGTH; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** What a person types, as stored: case, spaces and dashes do not matter. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Keyed with SECRET_KEY, so a copy of the database alone cannot test guesses; 80 random bits make
 * a slow hash unnecessary.
 */
function hashRecoveryCode(ctx: AppContext, code: string): string {
  return hmacSha256Hex(`leadrail-recovery-code:${ctx.config.secretKey}`, normaliseRecoveryCode(code));
}

/** Replace a person's recovery codes with ten new ones; the codes are returned once, never stored. */
export async function issueRecoveryCodes(
  ctx: AppContext,
  db: DbOrTx,
  subjectType: SubjectType,
  subjectId: number,
): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const now = ctx.clock.now().toISOString();
  await deleteRecoveryCodes(db, subjectType, subjectId);
  await db
    .insertInto('recovery_codes')
    .values(
      codes.map((code) => ({
        subject_type: subjectType,
        subject_id: subjectId,
        code_hash: hashRecoveryCode(ctx, code),
        used_at: null,
        created_at: now,
      })),
    )
    .execute();
  return codes;
}

export async function deleteRecoveryCodes(db: DbOrTx, subjectType: SubjectType, subjectId: number) {
  await db
    .deleteFrom('recovery_codes')
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .execute();
}

/**
 * Spend a recovery code: one conditional update, so two requests racing with the same code cannot
 * both succeed.
 */
export async function spendRecoveryCode(
  ctx: AppContext,
  subjectType: SubjectType,
  subjectId: number,
  code: string,
): Promise<boolean> {
  if (normaliseRecoveryCode(code).length !== GROUPS * GROUP_LENGTH) return false;
  const result = await ctx.db
    .updateTable('recovery_codes')
    .set({ used_at: ctx.clock.now().toISOString() })
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .where('code_hash', '=', hashRecoveryCode(ctx, code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function recoveryCodesLeft(ctx: AppContext, subjectType: SubjectType, subjectId: number) {
  const row = await ctx.db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
