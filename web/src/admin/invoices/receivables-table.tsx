import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Column, DataTable, tableEmpty } from '../../components/data-table';
import { Money } from '../../components/money';
import { useResource } from '../../hooks/use-resource';
import { tr } from '../../i18n';
import { api } from '../../lib/api';
import { toQueryString } from '../../lib/query-string';
import type { Receivable, Receivables } from './types';

const money = (key: keyof Receivable & string, headerKey: string): Column<Receivable> => ({
  key,
  get header() {
    return tr(headerKey);
  },
  className: 'num',
  render: (r) => <Money amount={String(r[key])} currency={r.currency} />,
  sortValue: (r) => Number(r[key]),
});

const COLUMNS: Column<Receivable>[] = [
  {
    key: 'advertiser',
    get header() {
      return tr('admin.col.advertiser');
    },
    render: (r) => (
      <Link to={`/admin/advertisers/${r.advertiser_id}`}>{r.advertiser_name || `#${r.advertiser_id}`}</Link>
    ),
    sortValue: (r) => r.advertiser_name,
  },
  {
    key: 'currency',
    get header() {
      return tr('admin.col.currency');
    },
    render: (r) => r.currency,
  },
  {
    key: 'open',
    get header() {
      return tr('finance.col.openInvoices');
    },
    className: 'num',
    render: (r) => r.open_invoices,
  },
  money('outstanding', 'finance.col.outstanding'),
  money('days_0_30', 'finance.col.days0to30'),
  money('days_31_60', 'finance.col.days31to60'),
  money('days_61_90', 'finance.col.days61to90'),
  money('days_90_plus', 'finance.col.days90plus'),
];

/** Outstanding on sent invoices per advertiser and currency, aged by invoice date. */
export function ReceivablesTable({ advertiserId, version }: { advertiserId?: string; version: number }) {
  const { t } = useTranslation();
  const query = { advertiser_id: advertiserId };
  const list = useResource(`receivables${toQueryString(query)}-${version}`, () =>
    api.get<Receivables>('/api/admin/invoices/receivables', query),
  );
  return (
    <DataTable
      caption={t('finance.receivables.caption')}
      columns={COLUMNS}
      rows={list.data?.data}
      rowKey={(r) => `${r.advertiser_id}-${r.currency}`}
      loading={list.loading}
      error={list.error}
      onRetry={list.reload}
      empty={tableEmpty(t('finance.receivables.empty'), <p>{t('finance.receivables.emptyHint')}</p>)}
    />
  );
}
