import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/database.js';
import { isUniqueViolation, unlessUniqueViolation } from '../../db/dialect.js';
import type { RowUpdate } from '../../db/schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { newShortCode } from '../../lib/ids.js';
import { findOffer } from '../offers/queries.js';
import { canRunOffer } from '../publishers/available-offers.js';
import { findPublisher } from '../publishers/queries.js';
import { checkLeadPostbackUrl, type LeadPostbackSetter } from './lead-postback.js';
import { type FlowRow, findFlow } from './queries.js';
import type { Flow, FlowCreate, FlowUpdate } from './schemas.js';

/** A flow is a publisher's named stream for one offer; the publisher must be allowed to run it. */
export async function createFlow(ctx: AppContext, input: FlowCreate): Promise<Flow> {
  const publisherId = Number(input.publisher_id);
  const offerId = Number(input.offer_id);
  const publisher = await findPublisher(ctx.db, publisherId);
  if (!publisher)
    throw new ValidationError(
      `publisher_id: publisher ${input.publisher_id} does not exist`,
      'publisher_id',
      'publisher_missing',
    );
  if (publisher.status !== 'approved') {
    throw new ValidationError(
      `publisher_id: publisher is ${publisher.status}, not approved`,
      'publisher_id',
      'publisher_not_approved',
    );
  }
  const offer = await findOffer(ctx.db, offerId);
  if (!offer)
    throw new ValidationError(
      `offer_id: offer ${input.offer_id} does not exist`,
      'offer_id',
      'offer_missing',
    );
  if (!(await canRunOffer(ctx, publisherId, offerId))) {
    throw new ValidationError(
      'offer_id: offer is paused or private and not assigned to this publisher',
      'offer_id',
      'offer_not_runnable',
    );
  }
  const now = ctx.clock.now().toISOString();
  // A generated code can collide (31^8 space); retry a few times rather than fail the request.
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = input.code ?? newShortCode(8);
    try {
      const row = await ctx.db
        .insertInto('flows')
        .values({
          code,
          name: input.name?.trim() ?? `${offer.name} — ${code}`,
          publisher_id: publisherId,
          offer_id: offerId,
          status: input.status ?? 'active',
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return presentFlow(ctx, row);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (input.code)
        throw new ConflictError(`code: flow code "${input.code}" is taken`, 'code', 'flow_code_taken');
    }
  }
  throw new ConflictError('could not generate a unique flow code, try again', undefined, 'flow_code_busy');
}

/**
 * The code of the publisher's flow for an offer (its refCode), made inside the caller's transaction
 * when there is none yet. The caller has just given the publisher the offer, so no access check.
 */
export async function flowCodeFor(
  ctx: AppContext,
  db: DbOrTx,
  publisherId: number,
  offer: { id: number; name: string },
): Promise<string> {
  const existing = await db
    .selectFrom('flows')
    .select('code')
    .where('publisher_id', '=', publisherId)
    .where('offer_id', '=', offer.id)
    .orderBy('id')
    .executeTakeFirst();
  if (existing) return existing.code;
  const now = ctx.clock.now().toISOString();
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = newShortCode(8);
    const row = await unlessUniqueViolation(db, () =>
      db
        .insertInto('flows')
        .values({
          code,
          name: `${offer.name} — ${code}`,
          publisher_id: publisherId,
          offer_id: offer.id,
          status: 'active',
          created_at: now,
          updated_at: now,
        })
        .returning('code')
        .executeTakeFirstOrThrow(),
    );
    if (row) return row.code;
  }
  throw new ConflictError('could not generate a unique flow code, try again', undefined, 'flow_code_busy');
}

export async function updateFlow(
  ctx: AppContext,
  id: number,
  input: FlowUpdate,
  publisherId?: number,
): Promise<Flow> {
  const notices: string[] = [];
  const leadPostback = await leadPostbackChange(ctx, id, input, notices, publisherId);
  let query = ctx.db
    .updateTable('flows')
    .set({
      name: input.name?.trim(),
      status: input.status,
      ...leadPostback,
      updated_at: ctx.clock.now().toISOString(),
    })
    .where('id', '=', id);
  if (publisherId !== undefined) query = query.where('publisher_id', '=', publisherId);
  const row = await query.returningAll().executeTakeFirst();
  if (!row) throw new NotFoundError('flow');
  const flow = presentFlow(ctx, row, publisherId === undefined ? 'admin' : 'publisher');
  return notices.length > 0 ? { ...flow, notices } : flow;
}

/**
 * The lead creation postback's new columns, or nothing when the request leaves it alone. The
 * operator may use every macro; the publisher, on their own flow only, no buyer data, and never
 * over a postback the operator set (it forwards the network's leads, perhaps with its keys).
 */
async function leadPostbackChange(
  ctx: AppContext,
  id: number,
  input: FlowUpdate,
  notices: string[],
  publisherId?: number,
): Promise<RowUpdate<'flows'>> {
  const { lead_postback_url: sent, lead_postback_method: method, lead_postback_encoding: encoding } = input;
  if (sent === undefined && method === undefined && encoding === undefined) return {};
  const existing = await findFlow(ctx.db, id);
  if (!existing || (publisherId !== undefined && existing.publisher_id !== publisherId)) {
    throw new NotFoundError('flow');
  }
  const setter: LeadPostbackSetter = publisherId === undefined ? 'admin' : 'publisher';
  if (setter === 'publisher' && existing.lead_postback_set_by === 'admin' && existing.lead_postback_url) {
    throw new ConflictError(
      "lead_postback_url: the network set this flow's lead postback; ask your manager to change it",
      'lead_postback_url',
      'lead_postback_set_by_network',
    );
  }
  const url = sent === undefined ? existing.lead_postback_url : sent?.trim() || null;
  return {
    lead_postback_url: url === null ? null : checkLeadPostbackUrl(ctx, url, setter, notices),
    lead_postback_method: method,
    lead_postback_encoding: encoding,
    lead_postback_set_by: url === null ? null : setter,
  };
}

/** With publisherId, a flow of another publisher is "not found", never "forbidden": no probing. */
export async function getFlow(ctx: AppContext, id: number, publisherId?: number): Promise<Flow> {
  const row = await findFlow(ctx.db, id);
  if (!row || (publisherId !== undefined && row.publisher_id !== publisherId))
    throw new NotFoundError('flow');
  return presentFlow(ctx, row, publisherId === undefined ? 'admin' : 'publisher');
}

/** The publisher sees that the operator forwards the flow's leads, not where to (or with which keys). */
export function presentFlow(ctx: AppContext, row: FlowRow, audience: 'admin' | 'publisher' = 'admin'): Flow {
  const hidden = audience === 'publisher' && row.lead_postback_set_by === 'admin';
  return {
    id: String(row.id),
    code: row.code,
    name: row.name,
    publisher_id: String(row.publisher_id),
    offer_id: String(row.offer_id),
    status: row.status,
    tracking_url: `${ctx.config.publicUrl}/f/${row.code}`,
    lead_postback_url: hidden ? null : row.lead_postback_url,
    lead_postback_method: row.lead_postback_method,
    lead_postback_encoding: row.lead_postback_encoding,
    lead_postback_set_by: row.lead_postback_set_by,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
