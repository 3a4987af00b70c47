import type { AppContext } from '../../context.js';
import type { FraudRuleSettings } from '../fraud/rules.js';
import {
  ADDRESS_WINDOW_DEFAULTS,
  type AddressVerdict,
  AddressWindow,
  DAY_MS,
  uniquenessKey,
} from './address-window.js';

/** Most clicks read back from the database when a process starts counting (the newest of the last day). */
export const WARM_ROWS = 100_000;

interface Counting {
  window: AddressWindow;
  warming?: Promise<void>;
  /** The warm-up read is over (or failed): clicks are counted without waiting. */
  warm?: boolean;
}

/** One window per app context (a process runs one; tests run several side by side). */
const windows = new WeakMap<AppContext, Counting>();

function counting(ctx: AppContext): Counting {
  let c = windows.get(ctx);
  if (!c) {
    c = { window: new AddressWindow(ADDRESS_WINDOW_DEFAULTS) };
    windows.set(ctx, c);
  }
  return c;
}

/**
 * Read the last day's clicks back into the window once, at this process's first click: a restarted
 * process keeps counting where the stored clicks left off. One query per process, never per click.
 */
async function warm(ctx: AppContext, window: AddressWindow, keep: number): Promise<void> {
  const now = ctx.clock.now().getTime();
  const rows = await ctx.db
    .selectFrom('clicks')
    .select(['ip', 'offer_id', 'user_agent', 'created_at'])
    .where('created_at', '>', new Date(now - DAY_MS).toISOString())
    .orderBy('created_at', 'desc')
    .limit(WARM_ROWS)
    .execute();
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i] as (typeof rows)[number];
    const at = Date.parse(row.created_at);
    window.remember(row.ip, uniquenessKey(row.offer_id, row.user_agent), at, at, keep);
  }
}

interface AddressInput {
  ip: string;
  offerId: number | null;
  userAgent: string;
  nowMs: number;
  velocity: FraudRuleSettings;
}

/**
 * Both per-address checks for one click, recorded at once: clicks from this address within the
 * velocity window, and whether address + user agent already clicked this offer in the last 24 hours.
 * No database read after the process's first click.
 */
export async function checkAddress(ctx: AppContext, input: AddressInput): Promise<AddressVerdict> {
  const c = counting(ctx);
  const keep = input.velocity.threshold ?? 10;
  if (c.warm) return observe(c.window, input, keep);
  if (c.warming === undefined) {
    c.warming = warm(ctx, c.window, keep).catch((error: unknown) => {
      ctx.logger.warn(
        { err: error },
        'could not read recent clicks into the velocity window; counting from now',
      );
    });
  }
  await c.warming;
  c.warm = true;
  return observe(c.window, input, keep);
}

/**
 * checkAddress without a promise once the window is warm (recordClick: a warm click takes no
 * promise here); undefined before, and the caller awaits checkAddress.
 */
export function checkAddressNow(ctx: AppContext, input: AddressInput): AddressVerdict | undefined {
  const c = counting(ctx);
  return c.warm ? observe(c.window, input, input.velocity.threshold ?? 10) : undefined;
}

function observe(window: AddressWindow, input: AddressInput, keep: number): AddressVerdict {
  return window.observe(
    input.ip,
    uniquenessKey(input.offerId, input.userAgent.slice(0, 1000)),
    input.nowMs,
    input.nowMs - (input.velocity.windowMinutes ?? 60) * 60_000,
    keep,
  );
}

/** What checkAddress would answer for this click, recording nothing (the click simulator). */
export function peekAddress(
  ctx: AppContext,
  input: {
    ip: string;
    offerId: number | null;
    userAgent: string;
    nowMs: number;
    velocity: FraudRuleSettings;
  },
): AddressVerdict {
  return counting(ctx).window.peek(
    input.ip,
    uniquenessKey(input.offerId, input.userAgent.slice(0, 1000)),
    input.nowMs,
    input.nowMs - (input.velocity.windowMinutes ?? 60) * 60_000,
  );
}

/** The window of a context (tests, diagnostics). */
export function addressWindowOf(ctx: AppContext): AddressWindow {
  return counting(ctx).window;
}
