import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/database.js';
import type { CodedText } from '../../http/schemas.js';
import { formatAmount } from '../../lib/money.js';
import { type AdvertiserRow, findAdvertiserByPostbackToken } from '../advertisers/queries.js';
import { RefusedError } from '../conversions/errors.js';
import { type LeadStatusOutcome, presentState } from '../conversions/lead-status-change.js';
import type { ConversionRow } from '../conversions/queries.js';
import {
  isListed,
  type RecognisedStatus,
  recogniseStatus,
  type StatusMap,
} from '../conversions/recognise-status.js';
import { recordConversionEvent } from '../conversions/record-conversion-event.js';
import { applyLeadData } from './apply-lead-data.js';
import type { PostbackDialect, PostbackInput } from './dialects.js';
import { UnusedParamsError } from './errors.js';
import { parseInboundProfile } from './inbound-profile.js';
import type { RawParams } from './params.js';
import { type PostbackTarget, resolveTarget } from './resolve-target.js';

/** What the log records about a request as it is worked out, kept even when it is refused half way. */
export interface PostbackTrace {
  advertiserId?: number;
  offerId?: number;
  flowId?: number;
  clickId?: string;
  leadId?: string;
  conversionId?: string;
  /** The status word as read (from `status`, `conv_status`, `state` or `lead_status`). */
  statusWord?: string;
  /** Payout-, currency- or status-looking parameters sent and not used: answered and logged. */
  warnings?: string[];
  /** The same warnings as codes and values (the log's warning_codes). */
  warningCodes?: CodedText[];
}

export interface PostbackResult {
  result: 'ok' | 'no-changes' | 'ignored' | 'queued';
  lead_id?: string;
  conversion_id?: string;
  lead_created: boolean;
  changes: Record<string, unknown>;
  /** Payouts sent in another currency: the advertiser's (sent, booked) and the publisher's (wm_sent, wm_booked). */
  converted?: { sent?: string; booked?: string; wm_sent?: string; wm_booked?: string };
  /** The network's transaction id, as sent (profile txid_param, else txid). */
  txid?: string;
  warnings?: string[];
  /** The same warnings as stable codes and values, in the same order (clients say them in their language). */
  warning_codes?: CodedText[];
  /** The change was past the conversion's finality window: held as a pending change, not applied. */
  queued?: { pending_change_id: string; reason: 'days' | 'paid'; status: { from: string; to: string } };
}

const TOKEN_TTL_MS = 5_000;

export async function advertiserByToken(ctx: AppContext, token: string | undefined): Promise<AdvertiserRow> {
  if (!token) throw new RefusedError(403, 'access', 'token is missing', 'token');
  const advertiser = await ctx.caches
    .named<string, AdvertiserRow | null>('postback.advertiser', TOKEN_TTL_MS, 10_000)
    .getOrLoad(token, async () => (await findAdvertiserByPostbackToken(ctx.db, token)) ?? null);
  if (!advertiser) throw new RefusedError(403, 'access', 'token is not a postback token', 'token');
  return advertiser;
}

export function savedStatusMap(advertiser: AdvertiserRow): StatusMap {
  try {
    return JSON.parse(advertiser.status_map) as StatusMap;
  } catch {
    return {};
  }
}

/**
 * The status this postback means. A reversal (the advertiser's profile) cancels; no status at all is
 * the profile's or the dialect's default; an unknown word is refused, never taken for the default:
 * money moves only on a word we know.
 */
export function recognise(input: PostbackInput, saved: StatusMap): RecognisedStatus {
  if (input.reversal) return { status: 'cancelled', newLead: false, via: 'default' };
  if (input.statusWord === undefined) {
    if (input.withoutStatus === 'refuse') {
      throw new RefusedError(
        422,
        'bad-status',
        "no status was sent, and this advertiser's inbound profile refuses a postback without one",
        'status',
      );
    }
    return input.withoutStatus === 'approved'
      ? { status: 'approved', newLead: false, via: 'default' }
      : { status: 'processing', newLead: true, via: 'default' };
  }
  if (input.statusWord === '') {
    throw new RefusedError(
      422,
      'bad-status',
      `${input.statusParam ?? 'status'} was sent empty (is the network's status macro filled?); send a status word, or leave the parameter out for the default`,
      input.statusParam ?? 'status',
    );
  }
  const recognised = recogniseStatus(input.statusWord, input.overrides, saved);
  if (!recognised) {
    throw new RefusedError(
      422,
      'bad-status',
      `${input.statusParam ?? 'status'} "${input.statusWord}" is not recognised; name it with sta, stc, stt, sth, stw or stn (or sale_status, lead_status, rejected_status), or in the advertiser's status map`,
      input.statusParam ?? 'status',
    );
  }
  return recognised;
}

/** A strict advertiser's postback with parameters it did not use is refused instead of warned about. */
export function refuseIfStrict(
  advertiser: AdvertiserRow,
  input: Pick<PostbackInput, 'warnings' | 'warningCodes'>,
): void {
  if (advertiser.postback_strict !== 1 || input.warnings.length === 0) return;
  throw new UnusedParamsError(input.warnings, input.warningCodes);
}

/** The payouts this request sent in another currency, as sent and as booked (kept on the conversion). */
function convertedNote(input: PostbackInput, conversion: ConversionRow): PostbackResult['converted'] {
  const from = conversion.sent_currency;
  if (from === null || input.currency?.trim().toUpperCase() !== from) return undefined;
  const money = (amount: number | string, currency: string) =>
    `${formatAmount(Number(amount), currency)} ${currency}`;
  const note: NonNullable<PostbackResult['converted']> = {};
  if (input.advPayout !== undefined && conversion.sent_adv_payout !== null) {
    note.sent = money(conversion.sent_adv_payout, from);
    note.booked = money(conversion.adv_payout, conversion.currency);
  }
  if (input.pubPayout !== undefined && conversion.sent_pub_payout !== null) {
    note.wm_sent = money(conversion.sent_pub_payout, from);
    note.wm_booked = money(conversion.pub_payout, conversion.currency);
  }
  return Object.keys(note).length > 0 ? note : undefined;
}

/** seed 000 always; seed 001/003: an stn word or "new", a processing word without stn, or auto=1. */
export function mayCreateLead(input: PostbackInput, status: RecognisedStatus, saved: StatusMap): boolean {
  if (input.createsLeads === 'always' || input.auto || status.newLead) return true;
  const hasNewWords = Boolean(input.overrides.stn) || Object.values(saved).includes('new');
  return !hasNewWords && status.status === 'processing';
}

function changesOf(outcome: LeadStatusOutcome, dataFields: string[]): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  const change = outcome.change;
  if (change) {
    const from = presentState(change.from);
    const to = presentState(change.to);
    if (change.conversionCreated) changes.conversion_created = true;
    for (const key of ['status', 'goal', 'adv_payout', 'pub_payout', 'currency'] as const) {
      const created = key === 'status' && change.conversionCreated;
      if (from[key] !== to[key] || created) changes[key] = { from: from[key], to: to[key] };
    }
  }
  if (outcome.commentChanged) changes.comment = true;
  if (dataFields.length > 0) changes.lead_data = dataFields;
  return changes;
}

function traceInput(trace: PostbackTrace, input: PostbackInput): void {
  trace.statusWord = input.statusWord;
  trace.warnings = input.warnings;
  trace.warningCodes = input.warningCodes;
  trace.clickId = input.clickIds[0]?.value;
}

/**
 * A postback request in a dialect, read with its advertiser's inbound profile: the parameters are
 * checked, the token names the advertiser, and the profile says which names to read. A request
 * refused for its token is still traced as read without a profile (its log row shows the status).
 */
export async function readPostback(
  ctx: AppContext,
  dialect: PostbackDialect,
  params: RawParams,
  trace: PostbackTrace,
): Promise<{ advertiser: AdvertiserRow; input: PostbackInput }> {
  dialect.check(params);
  let advertiser: AdvertiserRow;
  try {
    advertiser = await advertiserByToken(ctx, dialect.token(params));
  } catch (error) {
    traceInput(trace, dialect.parse(params));
    throw error;
  }
  trace.advertiserId = advertiser.id;
  const input = dialect.parse(params, parseInboundProfile(advertiser.inbound_profile));
  traceInput(trace, input);
  return { advertiser, input };
}

/**
 * An advertiser's postback in either dialect: check the token and the click, flow or lead id,
 * recognise the status, find or create the lead, then hand the change to applyLeadStatus in one
 * transaction. `beforeCommit` runs last in that transaction with the result (the request's log row).
 */
export async function acceptPostback(
  ctx: AppContext,
  dialect: PostbackDialect,
  params: RawParams,
  trace: PostbackTrace,
  requestId: string,
  beforeCommit?: (tx: Tx, result: PostbackResult) => Promise<void>,
): Promise<PostbackResult> {
  const { advertiser, input } = await readPostback(ctx, dialect, params, trace);
  refuseIfStrict(advertiser, input);
  const target = await resolveTarget(ctx, input, advertiser, trace);
  const extras = {
    ...(input.txid !== undefined ? { txid: input.txid } : {}),
    ...(input.warnings.length > 0 ? { warnings: input.warnings, warning_codes: input.warningCodes } : {}),
  };
  if (!input.reversal && input.statusWord !== undefined && isListed(input.statusWord, input.ignoreWords)) {
    // Keitaro's ignore_status: answered and logged, nothing looked up or changed.
    return { result: 'ignored', lead_created: false, changes: {}, ...extras };
  }
  const saved = savedStatusMap(advertiser);
  const status = recognise(input, saved);
  let dataFields: string[] = [];
  return recordConversionEvent(ctx, {
    source: 'postback',
    statusSource: input.source,
    requestId,
    target,
    grouped: true,
    newLeadWithStatus: true,
    mayCreate: () => refuseUnlessMayCreate(target, input, status, saved),
    async change(held) {
      trace.leadId = held.lead.id;
      if (input.leadData) {
        const now = ctx.clock.now().toISOString();
        ({ fields: dataFields, lead: held.lead } = await applyLeadData(
          held.tx,
          held.lead,
          input.leadData,
          now,
          held.unsaved,
        ));
      }
      return {
        // A new-lead status creates a lead; it never changes the status of one that exists (seed 001).
        status: status.newLead && !held.leadCreated ? undefined : status.status,
        goal: input.goal,
        advPayout: input.advPayout,
        pubPayout: input.pubPayout,
        currency: input.currency,
        comment: input.statusComment,
      };
    },
    async finish(held, outcome) {
      trace.conversionId = outcome.conversion.id;
      const changes = changesOf(outcome, dataFields);
      if (held.leadCreated) changes.lead_created = true;
      const converted = convertedNote(input, outcome.conversion);
      // Past the conversion's finality window the change is held for an admin (issue 17).
      const pending = outcome.queued;
      const queued = pending
        ? {
            queued: {
              pending_change_id: pending.id,
              reason: pending.reason,
              status: { from: pending.fromStatus, to: pending.toStatus },
            },
          }
        : {};
      const result: PostbackResult = {
        result: pending ? 'queued' : Object.keys(changes).length > 0 ? 'ok' : 'no-changes',
        lead_id: held.lead.id,
        conversion_id: outcome.conversion.id,
        lead_created: held.leadCreated,
        changes,
        ...(converted ? { converted } : {}),
        ...extras,
        ...queued,
      };
      await beforeCommit?.(held.tx, result);
      return result;
    },
  });
}

/** A click or flow with no lead yet: 404 unless this postback may create one. */
function refuseUnlessMayCreate(
  target: PostbackTarget,
  input: PostbackInput,
  status: RecognisedStatus,
  saved: StatusMap,
): void {
  if (mayCreateLead(input, status, saved)) return;
  throw new RefusedError(
    404,
    'no-lead',
    `no lead for this ${target.key?.click ? 'click' : 'flow subid'} yet; a new-lead status (stn) or auto=1 creates one`,
    'status',
  );
}
