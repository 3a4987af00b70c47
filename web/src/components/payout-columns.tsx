import { tr } from '../i18n';
import { methodLabel } from '../lib/payouts';
import type { Payout } from '../lib/types';
import { Badge } from './badge';
import type { Column } from './data-table';
import { Money } from './money';
import { DateTime } from './time-zone';

/** The shared columns the server sorts by: column key → the API's sort name (GET …/payouts). */
export const PAYOUT_SORTS = {
  time: 'created_at',
  amount: 'amount',
  method: 'method',
  destination: 'destination',
  source: 'source',
  status: 'status',
};

/** The columns the admin's and the publisher's payout tables share, by key. */
export function payoutColumns(sourceLabel: (p: Payout) => string) {
  return {
    time: {
      key: 'time',
      get header() {
        return tr('common.payouts.requested');
      },
      render: (p) => <DateTime iso={p.created_at} />,
    },
    amount: {
      key: 'amount',
      get header() {
        return tr('common.payouts.amount');
      },
      className: 'num',
      render: (p) => <Money amount={p.amount} currency={p.currency} />,
    },
    method: {
      key: 'method',
      get header() {
        return tr('common.payouts.method');
      },
      render: (p) => methodLabel(p.method),
    },
    destination: {
      key: 'destination',
      get header() {
        return tr('common.payouts.destination');
      },
      render: (p) => (
        <code className="truncate truncate-short" title={p.destination}>
          {p.destination}
        </code>
      ),
    },
    source: {
      key: 'source',
      get header() {
        return tr('common.payouts.source');
      },
      render: sourceLabel,
    },
    status: {
      key: 'status',
      get header() {
        return tr('common.payouts.status');
      },
      render: (p) => <Badge value={p.status} />,
    },
    /** The TX hash (cut short, whole in its tooltip) of a paid request, the reason of a rejected one. */
    outcome: {
      key: 'outcome',
      get header() {
        return tr('common.payouts.outcome');
      },
      className: 'wrap',
      render: (p) =>
        p.reference ? (
          <code className="truncate truncate-short" title={p.reference}>
            {p.reference}
          </code>
        ) : (
          (p.reason ?? <span className="muted">—</span>)
        ),
    },
  } satisfies Record<string, Column<Payout>>;
}
