import { Badge } from '../components/badge';
import { type Column, DataTable, tableEmpty } from '../components/data-table';
import { Money } from '../components/money';
import { Notice } from '../components/notice';
import { DateTime } from '../components/time-zone';
import { formatMoney } from '../lib/money';
import type { Clawback, OutstandingClawbacks } from '../lib/types';

/** "−€60.00": an amount the publisher owes back, with a real minus sign. */
export function owedBack(amount: string, currency: string): string {
  return `\u2212${formatMoney(amount, currency)}`;
}

const COLUMNS: Column<Clawback>[] = [
  { key: 'time', header: 'Reversed', render: (c) => <DateTime iso={c.created_at} /> },
  { key: 'offer', header: 'Offer', render: (c) => c.offer_name ?? `#${c.offer_id}` },
  { key: 'click', header: 'Click', render: (c) => <code>{c.click_id ?? c.conversion_id}</code> },
  {
    key: 'status',
    header: 'Status',
    render: (c) => (
      <span className="nowrap">
        <Badge value={c.from_status} /> → <Badge value={c.to_status} />
      </span>
    ),
  },
  {
    key: 'amount',
    header: 'Reversed after payout',
    className: 'num',
    render: (c) => <Money amount={c.amount} currency={c.currency} />,
  },
  {
    key: 'outstanding',
    header: 'Still to net',
    className: 'num',
    render: (c) => <Money amount={c.outstanding} currency={c.currency} />,
  },
];

/**
 * A balance below zero (issue 17): conversions the advertiser reversed after we had paid for them.
 * Shown as what it is, with the conversions, and netted from the next payout.
 */
export function PortalClawbacks({ clawbacks }: { clawbacks: OutstandingClawbacks[] | undefined }) {
  if (!clawbacks || clawbacks.length === 0) return null;
  return (
    <section aria-labelledby="clawbacks-title" className="clawbacks">
      <h2 id="clawbacks-title">Reversed after payout</h2>
      {clawbacks.map((c) => (
        <div key={c.currency}>
          <Notice tone="warning">
            <strong>{owedBack(c.outstanding, c.currency)}</strong> to be netted from your next payout. The
            advertiser reversed {c.clawbacks.length === 1 ? 'a conversion' : 'conversions'} after we had paid
            you for {c.clawbacks.length === 1 ? 'it' : 'them'}; your next approvals cover this before anything
            is payable again.
          </Notice>
          <DataTable
            caption={`Conversions reversed after payout (${c.currency})`}
            columns={COLUMNS}
            rows={c.clawbacks}
            rowKey={(x) => x.id}
            loading={false}
            error={undefined}
            empty={tableEmpty('No conversions listed.')}
          />
        </div>
      ))}
    </section>
  );
}
