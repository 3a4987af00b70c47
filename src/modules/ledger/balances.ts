import type { AppContext } from '../../context.js';
import { formatAmount, negateAmount, sumAmounts } from '../../lib/money.js';
import type { Account } from './postings.js';
import { type AccountTotal, accountTotals } from './queries.js';

/** Balances as people read them: what each publisher is owed, what each advertiser owes, what the network made. */
export interface PublisherBalance {
  publisher_id: string | null;
  currency: string;
  pending: string;
  approved: string;
  total: string;
}

export interface AdvertiserBalance {
  advertiser_id: string;
  currency: string;
  pending: string;
  receivable: string;
}

export interface NetworkBalance {
  currency: string;
  margin: string;
  pending_margin: string;
  /** Advertiser receivable − publisher approved balances: equals margin, the books' check. */
  receivable: string;
  owed_to_publishers: string;
}

export interface Balances {
  publishers: PublisherBalance[];
  advertisers: AdvertiserBalance[];
  network: NetworkBalance[];
}

type Grouped = Map<string, { party: number | null; currency: string; by: Partial<Record<Account, number>> }>;

function group(totals: AccountTotal[], withParty: boolean): Grouped {
  const groups: Grouped = new Map();
  for (const t of totals) {
    const party = withParty ? t.party : null;
    const key = `${party ?? ''}|${t.currency}`;
    const entry = groups.get(key) ?? { party, currency: t.currency, by: {} };
    entry.by[t.account] = sumAmounts([entry.by[t.account] ?? 0, t.total]);
    groups.set(key, entry);
  }
  return groups;
}

/** Every figure is a sum over the ledger; liabilities and income are shown as positive amounts. */
export async function ledgerBalances(ctx: AppContext): Promise<Balances> {
  const totals = await accountTotals(ctx.db, [
    'advertiser_pending',
    'advertiser_receivable',
    'publisher_pending',
    'publisher_approved',
    'margin_pending',
    'network_margin',
  ]);
  const of = (account: Account) => totals.filter((t) => t.account === account);
  const fmt = (v: number | undefined, c: string) => formatAmount(v ?? 0, c);
  const publishers = [...group([...of('publisher_pending'), ...of('publisher_approved')], true).values()].map(
    (g) => {
      const pending = negateAmount(g.by.publisher_pending ?? 0);
      const approved = negateAmount(g.by.publisher_approved ?? 0);
      return {
        publisher_id: g.party === null ? null : String(g.party),
        currency: g.currency,
        pending: fmt(pending, g.currency),
        approved: fmt(approved, g.currency),
        total: fmt(sumAmounts([pending, approved]), g.currency),
      };
    },
  );
  const advertisers = [
    ...group([...of('advertiser_pending'), ...of('advertiser_receivable')], true).values(),
  ].map((g) => ({
    advertiser_id: String(g.party),
    currency: g.currency,
    pending: fmt(g.by.advertiser_pending, g.currency),
    receivable: fmt(g.by.advertiser_receivable, g.currency),
  }));
  const network = [...group(totals, false).values()].map((g) => ({
    currency: g.currency,
    margin: fmt(negateAmount(g.by.network_margin ?? 0), g.currency),
    pending_margin: fmt(negateAmount(g.by.margin_pending ?? 0), g.currency),
    receivable: fmt(g.by.advertiser_receivable, g.currency),
    owed_to_publishers: fmt(
      negateAmount(sumAmounts([g.by.publisher_pending ?? 0, g.by.publisher_approved ?? 0])),
      g.currency,
    ),
  }));
  return { publishers, advertisers, network };
}
