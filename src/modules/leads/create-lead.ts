import type { AppContext } from '../../context.js';
import { inTransaction, type Tx } from '../../db/database.js';
import { isUniqueViolation } from '../../db/dialect.js';
import { ConflictError } from '../../lib/errors.js';
import { isIpBlocked } from '../fraud/blocklist.js';
import { isBotAgent } from '../fraud/bot-agent.js';
import { fraudSettings } from '../fraud/rules.js';
import { LeadRefusedError } from './errors.js';
import { leadBatcherOf } from './lead-batcher.js';
import { type LeadFields, type LeadInput, normaliseLeadFields } from './lead-fields.js';
import type { LeadRow } from './queries.js';
import { type LeadTarget, resolveLeadTarget } from './resolve-lead-target.js';
import { type PreparedLead, type SpamRule, storeLead } from './store-lead.js';

export type { LeadInput, LeadSource } from './lead-fields.js';

export interface CreateLeadOptions {
  /** false: store the lead without pushing it to the advertiser (push_status skipped). Default true. */
  push?: boolean;
  /** false: a lead without phone and email is accepted (e.g. one made by a postback). Default true. */
  requireContact?: boolean;
  /** More writes for the same transaction as the lead (e.g. a conversion), after it is stored. */
  within?: (tx: Tx, lead: LeadRow) => Promise<void>;
}

/** Network fraud rules that need no database transaction (seed 000 "Fraud Detection"). */
export async function spamRuleOf(ctx: AppContext, fields: LeadFields): Promise<SpamRule | null> {
  const rules = await fraudSettings(ctx);
  if (rules.ip_blocked.enabled && fields.ip && (await isIpBlocked(ctx, fields.ip))) return 'ip_blocked';
  if (rules.bot_ua.enabled && fields.userAgent && isBotAgent(fields.userAgent)) return 'bot_ua';
  return null;
}

/** A paused offer or advertiser takes no leads that would be pushed to it. */
export function assertTakesLeads(target: LeadTarget): void {
  if (target.offer.status !== 'active') {
    throw new LeadRefusedError('offer_paused', 403, `offer ${target.offer.id} is paused`, 'offer_id');
  }
  if (target.advertiser.status !== 'active') {
    throw new LeadRefusedError(
      'advertiser_paused',
      403,
      `the advertiser of offer ${target.offer.id} is paused`,
      'offer_id',
    );
  }
}

/**
 * Everything about a lead that can be checked before its transaction: attribution, the offer being
 * open, the fields, the spam rules. `target` skips attribution when the caller resolved it once for
 * many leads (CSV import).
 */
export async function prepareLead(
  ctx: AppContext,
  input: LeadInput,
  options: CreateLeadOptions = {},
  target?: LeadTarget,
): Promise<PreparedLead> {
  const resolved = target ?? (await resolveLeadTarget(ctx, input));
  const push = options.push !== false;
  if (push && input.test !== true) assertTakesLeads(resolved);
  const fields = normaliseLeadFields(input, resolved.click, options);
  const spamRule = fields.test ? null : await spamRuleOf(ctx, fields);
  return { source: input.source, target: resolved, fields, spamRule, push };
}

/**
 * Create a lead from validated input: the one use case behind POST /api/lead, the CSV import and,
 * later, postbacks and pixels. Refuses with a LeadRefusedError / ValidationError (4xx) naming the
 * problem; stores spam, duplicate and test leads with their status without pushing them; queues the
 * push of every other lead in the lead's own transaction (shared with leads that arrived at the same
 * moment, see LeadBatcher; with `within`, a transaction of its own).
 */
export async function createLead(
  ctx: AppContext,
  input: LeadInput,
  options: CreateLeadOptions = {},
): Promise<LeadRow> {
  const prepared = await prepareLead(ctx, input, options);
  const { within } = options;
  try {
    if (!within) return await leadBatcherOf(ctx).store(prepared);
    return await inTransaction(ctx.db, async (tx) => {
      const lead = await storeLead(tx, ctx, prepared);
      await within(tx, lead);
      return lead;
    });
  } catch (error) {
    if (isUniqueViolation(error) && prepared.fields.externalId) {
      throw new ConflictError(
        `a lead with subid "${prepared.fields.externalId}" already exists for this click or flow`,
        'subid',
        'subid_taken',
      );
    }
    throw error;
  }
}
