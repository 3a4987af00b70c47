import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { Nullable, Page, Pagination, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { formatAmount } from '../../lib/money.js';
import { ledgerBalances } from './balances.js';
import { ACCOUNTS } from './postings.js';
import { listEntryRows } from './queries.js';

const Balances = Type.Object({
  publishers: Type.Array(
    Type.Object({
      publisher_id: Nullable(Type.String()),
      currency: Type.String(),
      pending: Type.String({ description: 'hold: confirmed, not yet payable' }),
      approved: Type.String({ description: 'approved: payable' }),
      total: Type.String(),
    }),
  ),
  advertisers: Type.Array(
    Type.Object({
      advertiser_id: Type.String(),
      currency: Type.String(),
      pending: Type.String(),
      receivable: Type.String({ description: 'approved advertiser payouts to collect' }),
    }),
  ),
  network: Type.Array(
    Type.Object({
      currency: Type.String(),
      margin: Type.String({ description: 'profit on approved conversions' }),
      pending_margin: Type.String(),
      receivable: Type.String(),
      owed_to_publishers: Type.String(),
    }),
  ),
});

const LedgerEntry = Type.Object({
  id: Type.String(),
  created_at: Type.String(),
  conversion_id: Nullable(Type.String()),
  payout_id: Nullable(Type.String()),
  event_id: Type.String(),
  account: Type.String(),
  party: Nullable(Type.String()),
  amount: Type.String(),
  currency: Type.String(),
  memo: Type.String(),
});

const EntryQuery = Type.Object(
  {
    ...Pagination,
    conversion_id: Type.Optional(Type.String({ maxLength: 26 })),
    payout_id: Type.Optional(Type.String({ maxLength: 26 })),
    event_id: Type.Optional(Type.String({ maxLength: 26 })),
    account: Type.Optional(Type.Union(ACCOUNTS.map((a) => Type.Literal(a)))),
    party: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
  },
  { additionalProperties: false },
);

export function ledgerRoutes(app: App, ctx: AppContext) {
  const tags = ['ledger'];
  app.get(
    '/api/admin/ledger/balances',
    {
      schema: {
        tags,
        summary:
          'Per-publisher pending/approved, per-advertiser receivable, network margin: sums over the ledger',
        response: { 200: Balances },
      },
    },
    async () => ledgerBalances(ctx),
  );

  app.get(
    '/api/admin/ledger/entries',
    { schema: { tags, querystring: EntryQuery, response: { 200: Page(LedgerEntry) } } },
    async (request) => {
      const q = request.query;
      const { page, perPage, limit, offset } = pageWindow(q);
      const { rows, total } = await listEntryRows(
        ctx.db,
        {
          conversionId: q.conversion_id,
          payoutId: q.payout_id,
          eventId: q.event_id,
          account: q.account,
          party: q.party ? Number(q.party) : undefined,
        },
        limit,
        offset,
      );
      const data = rows.map((r) => ({
        ...r,
        party: r.party === null ? null : String(r.party),
        amount: formatAmount(r.amount, r.currency),
      }));
      return { data, page, per_page: perPage, total };
    },
  );
}
