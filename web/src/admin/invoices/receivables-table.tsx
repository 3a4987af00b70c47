import { Link } from 'react-router';
import { type Column, DataTable, tableEmpty } from '../../components/data-table';
import { Money } from '../../components/money';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';
import { toQueryString } from '../../lib/query-string';
import type { Receivable, Receivables } from './types';

const money = (key: keyof Receivable & string, header: string): Column<Receivable> => ({
  key,
  header,
  className: 'num',
  render: (r) => <Money amount={String(r[key])} currency={r.currency} />,
  sortValue: (r) => Number(r[key]),
});

const COLUMNS: Column<Receivable>[] = [
  {
    key: 'advertiser',
    header: 'Advertiser',
    render: (r) => (
      <Link to={`/admin/advertisers/${r.advertiser_id}`}>{r.advertiser_name || `#${r.advertiser_id}`}</Link>
    ),
    sortValue: (r) => r.advertiser_name,
  },
  { key: 'currency', header: 'Currency', render: (r) => r.currency },
  { key: 'open', header: 'Open invoices', className: 'num', render: (r) => r.open_invoices },
  money('outstanding', 'Outstanding'),
  money('days_0_30', '0–30 days'),
  money('days_31_60', '31–60 days'),
  money('days_61_90', '61–90 days'),
  money('days_90_plus', 'Over 90 days'),
];

/** Outstanding on sent invoices per advertiser and currency, aged by invoice date. */
export function ReceivablesTable({ advertiserId, version }: { advertiserId?: string; version: number }) {
  const query = { advertiser_id: advertiserId };
  const list = useResource(`receivables${toQueryString(query)}-${version}`, () =>
    api.get<Receivables>('/api/admin/invoices/receivables', query),
  );
  return (
    <DataTable
      caption="Outstanding receivables"
      columns={COLUMNS}
      rows={list.data?.data}
      rowKey={(r) => `${r.advertiser_id}-${r.currency}`}
      loading={list.loading}
      error={list.error}
      onRetry={list.reload}
      empty={tableEmpty('Nothing outstanding.', <p>Sent invoices that are not fully paid appear here.</p>)}
    />
  );
}
