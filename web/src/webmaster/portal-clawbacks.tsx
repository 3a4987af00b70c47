import { useTranslation } from 'react-i18next';
import { Badge } from '../components/badge';
import { type Column, DataTable, tableEmpty } from '../components/data-table';
import { Money } from '../components/money';
import { Notice } from '../components/notice';
import { DateTime } from '../components/time-zone';
import { currentLocale, tr } from '../i18n';
import { formatMoney } from '../lib/money';
import type { Clawback, OutstandingClawbacks } from '../lib/types';

/** "−€60.00": an amount the publisher owes back, with a real minus sign. */
export function owedBack(amount: string, currency: string): string {
  return `\u2212${formatMoney(amount, currency, currentLocale())}`;
}

const COLUMNS: Column<Clawback>[] = [
  {
    key: 'time',
    get header() {
      return tr('portal.clawbacks.reversed');
    },
    render: (c) => <DateTime iso={c.created_at} />,
  },
  {
    key: 'offer',
    get header() {
      return tr('portal.offers.offer');
    },
    render: (c) => c.offer_name ?? `#${c.offer_id}`,
  },
  {
    key: 'click',
    get header() {
      return tr('portal.clawbacks.click');
    },
    render: (c) => <code>{c.click_id ?? c.conversion_id}</code>,
  },
  {
    key: 'status',
    get header() {
      return tr('common.payouts.status');
    },
    render: (c) => (
      <span className="nowrap">
        <Badge value={c.from_status} /> → <Badge value={c.to_status} />
      </span>
    ),
  },
  {
    key: 'amount',
    get header() {
      return tr('portal.clawbacks.afterPayout');
    },
    className: 'num',
    render: (c) => <Money amount={c.amount} currency={c.currency} />,
  },
  {
    key: 'outstanding',
    get header() {
      return tr('portal.clawbacks.stillToNet');
    },
    className: 'num',
    render: (c) => <Money amount={c.outstanding} currency={c.currency} />,
  },
];

/**
 * A balance below zero (issue 17): conversions the advertiser reversed after we had paid for them.
 * Shown as what it is, with the conversions, and netted from the next payout.
 */
export function PortalClawbacks({ clawbacks }: { clawbacks: OutstandingClawbacks[] | undefined }) {
  const { t } = useTranslation();
  if (!clawbacks || clawbacks.length === 0) return null;
  return (
    <section aria-labelledby="clawbacks-title" className="clawbacks">
      <h2 id="clawbacks-title">{t('portal.clawbacks.afterPayout')}</h2>
      {clawbacks.map((c) => (
        <div key={c.currency}>
          <Notice tone="warning">
            <strong>{owedBack(c.outstanding, c.currency)}</strong>{' '}
            {t('portal.clawbacks.notice', { count: c.clawbacks.length })}
          </Notice>
          <DataTable
            caption={t('portal.clawbacks.caption', { currency: c.currency })}
            columns={COLUMNS}
            rows={c.clawbacks}
            rowKey={(x) => x.id}
            loading={false}
            error={undefined}
            empty={tableEmpty(t('portal.clawbacks.none'))}
          />
        </div>
      ))}
    </section>
  );
}
