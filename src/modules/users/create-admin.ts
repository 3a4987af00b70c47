import type { AppContext } from '../../context.js';
import { isUniqueViolation } from '../../db/dialect.js';
import { hashPassword } from '../../lib/crypto.js';
import { ConflictError, ValidationError } from '../../lib/errors.js';
import type { Role } from '../auth/permissions.js';

export interface AdminInput {
  email: string;
  password: string;
  name?: string;
  /** auth/permissions.ts ROLES; the CLI's and ADMIN_EMAIL's first admin is an owner. */
  role?: Role;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function assertPassword(password: string): void {
  if (password.length < 8)
    throw new ValidationError('password must be at least 8 characters', 'password', 'password_too_short');
}

export async function createAdmin(
  ctx: AppContext,
  input: AdminInput,
): Promise<{ id: number; email: string }> {
  const email = normaliseEmail(input.email);
  if (!/^[^@\s]+@[^@\s]+$/.test(email))
    throw new ValidationError('email must be an email address', 'email', 'email_invalid');
  assertPassword(input.password);
  try {
    const row = await ctx.db
      .insertInto('users')
      .values({
        email,
        name: input.name ?? '',
        password_hash: await hashPassword(input.password),
        role: input.role ?? 'owner',
        created_at: ctx.clock.now().toISOString(),
      })
      .returning(['id', 'email'])
      .executeTakeFirstOrThrow();
    return row;
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ConflictError(`an admin with email ${email} already exists`, 'email', 'email_taken');
    throw error;
  }
}

/** ADMIN_EMAIL + ADMIN_PASSWORD create the first admin, only while no admin exists. */
export async function ensureFirstAdmin(ctx: AppContext): Promise<boolean> {
  const { adminEmail, adminPassword } = ctx.config;
  if (!adminEmail || !adminPassword) return false;
  const existing = await ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  await createAdmin(ctx, { email: adminEmail, password: adminPassword, name: 'Admin' });
  ctx.logger.info({ email: adminEmail }, 'first admin created from ADMIN_EMAIL');
  return true;
}
