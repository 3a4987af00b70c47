import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/database.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';

/** The fraud rules of seed 000 (and duplicate_email beside duplicate_phone), in the order they run. */
export const FRAUD_RULES = [
  'ip_blocked',
  'bot_ua',
  'ip_velocity',
  'duplicate_phone',
  'duplicate_email',
  'datacenter_ip',
] as const;
export type FraudRuleName = (typeof FRAUD_RULES)[number];

export type FraudAction = 'flag' | 'reject';

export interface FraudRuleSettings {
  enabled: boolean;
  threshold: number | null;
  windowMinutes: number | null;
  /** datacenter_ip: mark the click only, or reject it (null for rules that always act one way). */
  action?: FraudAction | null;
}

export type FraudSettings = Record<FraudRuleName, FraudRuleSettings>;

/** What each rule may be given: a threshold, a window (minutes, with its upper limit). */
const RULE_SHAPE: Record<FraudRuleName, { threshold?: [number, number]; window?: [number, number] }> = {
  ip_blocked: {},
  bot_ua: {},
  // The in-memory window (clicks/address-window.ts) keeps a day and at most 1,000 click times per address.
  ip_velocity: { threshold: [1, 1000], window: [1, 1440] },
  duplicate_phone: { window: [1, 43_200] },
  duplicate_email: { window: [1, 43_200] },
  datacenter_ip: {},
};

/** Rules that may either only mark what they catch or refuse it. */
const HAS_ACTION: ReadonlySet<FraudRuleName> = new Set(['datacenter_ip']);

const DESCRIPTIONS: Record<FraudRuleName, string> = {
  ip_blocked: 'IP in the manual blocklist (clicks rejected, leads marked spam)',
  bot_ua: 'Known bot User-Agent (clicks rejected, leads marked spam)',
  ip_velocity: 'More than the threshold of clicks from one IP within the window (clicks rejected)',
  duplicate_phone: 'Same phone for the same offer within the window (lead marked duplicate)',
  duplicate_email: 'Same email for the same offer within the window (lead marked duplicate)',
  datacenter_ip:
    'Click from a hosting, datacenter, cloud or proxy network (action flag: marked; reject: rejected)',
};

/** Seed 000's behaviour: every rule on, 10 clicks an hour, duplicates within an hour. */
export const DEFAULT_FRAUD_SETTINGS: FraudSettings = {
  ip_blocked: { enabled: true, threshold: null, windowMinutes: null },
  bot_ua: { enabled: true, threshold: null, windowMinutes: null },
  ip_velocity: { enabled: true, threshold: 10, windowMinutes: 60 },
  duplicate_phone: { enabled: true, threshold: null, windowMinutes: 60 },
  duplicate_email: { enabled: true, threshold: null, windowMinutes: 60 },
  // Marked, not refused, until the operator decides: real people use VPNs and cloud proxies too.
  datacenter_ip: { enabled: true, threshold: null, windowMinutes: null, action: 'flag' },
};

const SETTINGS_TTL_MS = 5_000;

export const FraudRule = Type.Object({
  rule: Type.String(),
  description: Type.String(),
  enabled: Type.Boolean(),
  threshold: Type.Union([Type.Integer(), Type.Null()]),
  window_minutes: Type.Union([Type.Integer(), Type.Null()]),
  /** datacenter_ip only: flag or reject; null for the other rules. */
  action: Type.Union([Type.Literal('flag'), Type.Literal('reject'), Type.Null()]),
  updated_at: Type.Union([Type.String(), Type.Null()]),
});

export const FraudRuleUpdate = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    threshold: Type.Optional(Type.Integer()),
    window_minutes: Type.Optional(Type.Integer()),
    action: Type.Optional(Type.Union([Type.Literal('flag'), Type.Literal('reject')])),
  },
  { additionalProperties: false },
);

function isRuleName(value: string): value is FraudRuleName {
  return (FRAUD_RULES as readonly string[]).includes(value);
}

function loadRows(db: DbOrTx) {
  return db.selectFrom('fraud_rules').selectAll().execute();
}

function fraudSettingsCache(ctx: AppContext) {
  return ctx.caches.named<'all', FraudSettings>('fraud-rules', SETTINGS_TTL_MS, 1);
}

/** The cached settings without a promise (the click path); undefined when they must be read (fraudSettings). */
export function cachedFraudSettings(ctx: AppContext): FraudSettings | undefined {
  return fraudSettingsCache(ctx).peek('all', () => readSettings(ctx.db));
}

/**
 * Every rule's settings, read at most every few seconds per process (the click path is hot); a
 * change through the API clears this process's cache at once, others follow within the TTL. Inside a
 * transaction pass it as `db`: on SQLite the one connection is the transaction's.
 */
export async function fraudSettings(ctx: AppContext, db: DbOrTx = ctx.db): Promise<FraudSettings> {
  return fraudSettingsCache(ctx).getOrLoad('all', () => readSettings(db));
}

async function readSettings(db: DbOrTx): Promise<FraudSettings> {
  const settings: FraudSettings = structuredClone(DEFAULT_FRAUD_SETTINGS);
  for (const row of await loadRows(db)) {
    if (!isRuleName(row.rule)) continue;
    const fallback = DEFAULT_FRAUD_SETTINGS[row.rule];
    settings[row.rule] = {
      enabled: Number(row.enabled) === 1,
      threshold: row.threshold === null ? fallback.threshold : Number(row.threshold),
      windowMinutes: row.window_minutes === null ? fallback.windowMinutes : Number(row.window_minutes),
      action: row.action === 'flag' || row.action === 'reject' ? row.action : (fallback.action ?? null),
    };
  }
  return settings;
}

export async function listFraudRules(ctx: AppContext) {
  const settings = await fraudSettings(ctx);
  const updated = new Map((await loadRows(ctx.db)).map((r) => [r.rule, r.updated_at]));
  return FRAUD_RULES.map((rule) => present(rule, settings[rule], updated.get(rule) ?? null));
}

function present(rule: FraudRuleName, s: FraudRuleSettings, updatedAt: string | null) {
  return {
    rule,
    description: DESCRIPTIONS[rule],
    enabled: s.enabled,
    threshold: s.threshold,
    window_minutes: s.windowMinutes,
    action: s.action ?? null,
    updated_at: updatedAt,
  };
}

function checkRange(
  value: number | undefined,
  range: [number, number] | undefined,
  field: string,
  rule: string,
) {
  if (value === undefined) return;
  if (!range) throw new ValidationError(`${rule} has no ${field}`, field, 'fraud_rule_setting');
  if (value < range[0] || value > range[1])
    throw new ValidationError(`${field} must be from ${range[0]} to ${range[1]}`, field, 'fraud_rule_range');
}

export async function updateFraudRule(
  ctx: AppContext,
  rule: string,
  input: { enabled?: boolean; threshold?: number; window_minutes?: number; action?: FraudAction },
) {
  if (!isRuleName(rule)) throw new NotFoundError(`fraud rule ${rule}`);
  if (input.action !== undefined && !HAS_ACTION.has(rule))
    throw new ValidationError(`${rule} has no action`, 'action', 'fraud_rule_setting');
  const shape = RULE_SHAPE[rule];
  checkRange(input.threshold, shape.threshold, 'threshold', rule);
  checkRange(input.window_minutes, shape.window, 'window_minutes', rule);
  const current = (await fraudSettings(ctx))[rule];
  const next: FraudRuleSettings = {
    enabled: input.enabled ?? current.enabled,
    threshold: input.threshold ?? current.threshold,
    windowMinutes: input.window_minutes ?? current.windowMinutes,
    action: input.action ?? current.action ?? null,
  };
  const now = ctx.clock.now().toISOString();
  const values = {
    enabled: next.enabled ? 1 : 0,
    threshold: next.threshold,
    window_minutes: next.windowMinutes,
    action: next.action ?? null,
    updated_at: now,
  };
  await ctx.db
    .insertInto('fraud_rules')
    .values({ rule, ...values })
    .onConflict((oc) => oc.column('rule').doUpdateSet(values))
    .execute();
  ctx.caches.clear();
  return present(rule, next, now);
}
