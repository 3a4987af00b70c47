import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply, Page, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { ValidationError } from '../../lib/errors.js';
import { assertCurrency, formatAmount, negateAmount, parseAmount } from '../../lib/money.js';
import { principalOf } from '../auth/guards.js';
import { outstandingClawbacks } from '../clawbacks/clawbacks.js';
import { PortalOutstandingClawbacks } from '../clawbacks/schemas.js';
import { partyTotals } from '../ledger/period-totals.js';
import { payPayout, rejectPayout } from './decide-payout.js';
import { normaliseDestination, type PayoutMethod } from './destination.js';
import { payableBalances } from './payable.js';
import {
  findPayoutMethod,
  listPayoutRows,
  type PayoutRow,
  publisherStatus,
  savePayoutMethod,
} from './queries.js';
import { payoutMinimum, requestPayout } from './request-payout.js';
import { runNet7 } from './run-net7.js';
import {
  Net7Reply,
  PayBody,
  Payout,
  PayoutBalance,
  PayoutIdParam,
  PayoutListQuery,
  PayoutMethodBody,
  PayoutRequestBody,
  PORTAL_PAYOUT_SORTS,
  PortalPayoutListQuery,
  RejectBody,
  SavedPayoutMethod,
} from './schemas.js';

const CRYPTO: ReadonlySet<PayoutMethod> = new Set(['usdt_trc20', 'usdt_erc20', 'btc', 'eth']);

export function presentPayout(row: PayoutRow) {
  return {
    id: row.id,
    publisher_id: String(row.publisher_id),
    amount: formatAmount(row.amount, row.currency),
    currency: row.currency,
    method: row.method,
    destination: row.destination,
    status: row.status,
    source: row.source,
    reference: row.reference,
    reason: row.reason,
    ledger_event_id: row.ledger_event_id,
    created_at: row.created_at,
    decided_at: row.decided_at,
  };
}

/** Crypto methods take `address`, Wise and PayPal `account`; the other field must be left out. */
function destinationOf(body: { method: PayoutMethod; address?: string; account?: string }): string {
  const field = CRYPTO.has(body.method) ? 'address' : 'account';
  const other = field === 'address' ? 'account' : 'address';
  if (body[other] !== undefined)
    throw new ValidationError(
      `${body.method} takes ${field}, not ${other}`,
      other,
      'destination_wrong_field',
    );
  const value = body[field];
  if (value === undefined)
    throw new ValidationError(`${body.method} needs ${field}`, field, 'destination_required');
  return normaliseDestination(body.method, value);
}

/**
 * A publisher's balance per currency: approved, pending (hold) and paid from the ledger, and what is
 * payable now (approved past its offer's hold, less open requests) with the minimum.
 */
async function publisherBalances(ctx: AppContext, publisherId: number) {
  const [payable, totals, publisher] = await Promise.all([
    payableBalances(ctx.db, { asOf: ctx.clock.now(), publisherId }),
    partyTotals(ctx.db, {
      accounts: ['publisher_approved', 'publisher_pending', 'publisher_paid'],
      party: publisherId,
    }),
    publisherStatus(ctx.db, publisherId),
  ]);
  const currencies = [
    ...new Set([...payable.map((b) => b.currency), ...totals.map((t) => t.currency)]),
  ].sort();
  return currencies.map((currency) => {
    const b = payable.find((p) => p.currency === currency);
    const ledger = (account: string) =>
      formatAmount(
        negateAmount(totals.find((t) => t.currency === currency && t.account === account)?.total ?? 0),
        currency,
      );
    return {
      currency,
      approved: ledger('publisher_approved'),
      pending: ledger('publisher_pending'),
      paid: ledger('publisher_paid'),
      matured: formatAmount(b?.matured ?? 0, currency),
      requested: formatAmount(b?.requested ?? 0, currency),
      payable: formatAmount(Math.max(b?.payable ?? 0, 0), currency),
      minimum: formatAmount(payoutMinimum(ctx, currency, publisher?.payout_minimum), currency),
    };
  });
}

const errors = { 403: ErrorReply, 404: ErrorReply, 409: ErrorReply, 422: ErrorReply };

/** The publisher's payout API (inside the portal's authenticated scope). */
export function payoutPortalRoutes(portal: App, ctx: AppContext) {
  const tags = ['publisher portal'];
  portal.get(
    '/api/publisher/payouts',
    {
      schema: {
        tags,
        summary: 'Own payout requests and payable balances',
        querystring: PortalPayoutListQuery,
        response: {
          200: Type.Object({
            ...Page(Payout).properties,
            balances: Type.Array(PayoutBalance),
            clawbacks: Type.Array(PortalOutstandingClawbacks, {
              description:
                'per currency where the balance is below zero: reversals after payout, netted from the next payout',
            }),
          }),
        },
      },
    },
    async (request) => {
      const publisherId = principalOf(request).id;
      const { page, perPage, limit, offset } = pageWindow(request.query);
      const [{ rows, total }, balances, clawbacks] = await Promise.all([
        listPayoutRows(
          ctx.db,
          { status: request.query.status, publisherId },
          { ...request.query, sortable: PORTAL_PAYOUT_SORTS },
          limit,
          offset,
        ),
        publisherBalances(ctx, publisherId),
        outstandingClawbacks(ctx, { publisherId }),
      ]);
      return { data: rows.map(presentPayout), page, per_page: perPage, total, balances, clawbacks };
    },
  );

  portal.post(
    '/api/publisher/payouts',
    {
      schema: {
        tags,
        summary: 'Request a payout from the payable balance (reserved at once)',
        body: PayoutRequestBody,
        response: { 201: Payout, ...errors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const currency = assertCurrency(body.currency);
      const row = await requestPayout(ctx, {
        publisherId: principalOf(request).id,
        amount: parseAmount(body.amount, currency, 'amount'),
        currency,
        method: body.method,
        destination: destinationOf(body),
        source: 'publisher',
      });
      return reply.status(201).send(presentPayout(row));
    },
  );

  portal.get(
    '/api/publisher/payout-method',
    { schema: { tags, response: { 200: SavedPayoutMethod } } },
    async (request) => {
      const saved = await findPayoutMethod(ctx.db, principalOf(request).id);
      return {
        method: saved?.method ?? null,
        destination: saved?.destination ?? null,
        updated_at: saved?.updated_at ?? null,
      };
    },
  );

  portal.put(
    '/api/publisher/payout-method',
    {
      schema: {
        tags,
        summary: 'The method the weekly Net-7 run pays by',
        body: PayoutMethodBody,
        response: { 200: SavedPayoutMethod, 422: ErrorReply },
      },
    },
    async (request) => {
      const row = {
        publisher_id: principalOf(request).id,
        method: request.body.method,
        destination: destinationOf(request.body),
        updated_at: ctx.clock.now().toISOString(),
      };
      await savePayoutMethod(ctx.db, row);
      return { method: row.method, destination: row.destination, updated_at: row.updated_at };
    },
  );
}

export function payoutAdminRoutes(admin: App, ctx: AppContext) {
  const tags = ['payouts'];
  admin.get(
    '/api/admin/payouts',
    { schema: { tags, querystring: PayoutListQuery, response: { 200: Page(Payout) } } },
    async (request) => {
      const q = request.query;
      const { page, perPage, limit, offset } = pageWindow(q);
      const { rows, total } = await listPayoutRows(
        ctx.db,
        { status: q.status, publisherId: q.publisher_id ? Number(q.publisher_id) : undefined },
        q,
        limit,
        offset,
      );
      return { data: rows.map(presentPayout), page, per_page: perPage, total };
    },
  );

  admin.post(
    '/api/admin/payouts/:id/pay',
    {
      schema: {
        tags,
        summary: 'Mark paid with the TX hash or reference; moves the amount on the ledger',
        params: PayoutIdParam,
        body: PayBody,
        response: { 200: Payout, ...errors },
      },
    },
    async (request) =>
      presentPayout(
        await payPayout(ctx, request.params.id, {
          reference: request.body.reference.trim(),
          actor: `admin:${principalOf(request).id}`,
        }),
      ),
  );

  admin.post(
    '/api/admin/payouts/:id/reject',
    {
      schema: { tags, params: PayoutIdParam, body: RejectBody, response: { 200: Payout, ...errors } },
    },
    async (request) =>
      presentPayout(
        await rejectPayout(ctx, request.params.id, {
          reason: request.body.reason.trim(),
          actor: `admin:${principalOf(request).id}`,
        }),
      ),
  );

  admin.post(
    '/api/admin/payouts/run-net7',
    { schema: { tags, summary: 'Run the weekly Net-7 payout run now', response: { 200: Net7Reply } } },
    async () => {
      const result = await runNet7(ctx);
      return { ...result, created: result.created.map(presentPayout) };
    },
  );
}
