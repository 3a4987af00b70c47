import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { isUniqueViolation } from '../../db/dialect.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { buildIpMatcher, type IpMatcher, parseIpOrCidr } from '../../lib/ip.js';

export const BlockedIp = Type.Object({
  id: Type.String(),
  ip: Type.String({ description: 'an address or a CIDR range' }),
  reason: Type.String(),
  created_at: Type.String(),
});

const MATCHER_TTL_MS = 5_000;

export async function blockIp(ctx: AppContext, input: { ip: string; reason?: string }) {
  const value = parseIpOrCidr(input.ip);
  if (!value)
    throw new ValidationError('ip must be an IPv4/IPv6 address or CIDR range', 'ip', 'ip_or_range_invalid');
  try {
    const row = await ctx.db
      .insertInto('blocked_ips')
      .values({ value, reason: input.reason ?? '', created_at: ctx.clock.now().toISOString() })
      .returningAll()
      .executeTakeFirstOrThrow();
    ctx.caches.clear();
    return { id: String(row.id), ip: row.value, reason: row.reason, created_at: row.created_at };
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ConflictError(`${value} is already blocked`, 'ip', 'already_blocked');
    throw error;
  }
}

export async function unblockIp(ctx: AppContext, id: number): Promise<void> {
  const result = await ctx.db.deleteFrom('blocked_ips').where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new NotFoundError('blocked ip');
  ctx.caches.clear();
}

export async function listBlockedIps(ctx: AppContext, limit: number, offset: number) {
  const [rows, count] = await Promise.all([
    ctx.db.selectFrom('blocked_ips').selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    ctx.db
      .selectFrom('blocked_ips')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map((r) => ({ id: String(r.id), ip: r.value, reason: r.reason, created_at: r.created_at })),
    total: Number(count.n),
  };
}

function blocklistCache(ctx: AppContext) {
  return ctx.caches.named<'all', IpMatcher>('blocklist', MATCHER_TTL_MS, 1);
}

/** isIpBlocked without a promise when the matcher is cached (the click path); undefined otherwise. */
export function cachedIpBlocked(ctx: AppContext, ip: string): boolean | undefined {
  return blocklistCache(ctx).peek('all', () => readMatcher(ctx))?.(ip);
}

/** One matcher over the whole blocklist, rebuilt at most every few seconds. */
export async function isIpBlocked(ctx: AppContext, ip: string): Promise<boolean> {
  const matcher = await blocklistCache(ctx).getOrLoad('all', () => readMatcher(ctx));
  return matcher(ip);
}

async function readMatcher(ctx: AppContext): Promise<IpMatcher> {
  const rows = await ctx.db.selectFrom('blocked_ips').select('value').execute();
  return buildIpMatcher(rows.map((r) => r.value));
}
