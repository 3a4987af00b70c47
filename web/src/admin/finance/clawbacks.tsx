import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../components/badge';
import { type Column, DataTable, tableEmpty } from '../../components/data-table';
import { Money } from '../../components/money';
import { ErrorNotice, Notice } from '../../components/notice';
import { DateTime } from '../../components/time-zone';
import { useResource } from '../../hooks/use-resource';
import { tr } from '../../i18n';
import { labelsOf } from '../../i18n/labels';
import { api, type Page } from '../../lib/api';
import { formatMoney } from '../../lib/money';
import type { OutstandingClawbacks, PendingChange } from '../../lib/types';

/**
 * Issue 17 in Finance: publishers whose balance is below zero after reversals of money already paid
 * (netted from their next payout), and postback changes a finality window holds for a decision.
 */

/** A conversion status (approved, rejected…) in the current language. */
const statusWord = (status: string) => tr(`common.status.${status}`, { defaultValue: status });

type OutstandingRow = OutstandingClawbacks & { publisher_id: string };

const who = (row: { publisher_name?: string | null; publisher_id?: string | null }) =>
  row.publisher_name || (row.publisher_id ? `#${row.publisher_id}` : '—');

const OUTSTANDING_COLUMNS: Column<OutstandingRow>[] = [
  {
    key: 'publisher',
    get header() {
      return tr('admin.col.publisher');
    },
    render: who,
    sortValue: (r) => who(r),
  },
  {
    key: 'currency',
    get header() {
      return tr('admin.col.currency');
    },
    render: (r) => r.currency,
  },
  {
    key: 'balance',
    get header() {
      return tr('finance.col.balance');
    },
    className: 'num',
    render: (r) => <Money amount={r.balance} currency={r.currency} />,
  },
  {
    key: 'outstanding',
    get header() {
      return tr('finance.col.toNet');
    },
    className: 'num',
    render: (r) => <Money amount={r.outstanding} currency={r.currency} />,
    sortValue: (r) => Number(r.outstanding),
  },
  {
    key: 'conversions',
    get header() {
      return tr('finance.col.reversedAfterPayout');
    },
    render: (r) =>
      r.clawbacks.length === 0 ? (
        '—'
      ) : (
        <ul className="plain-list">
          {r.clawbacks.map((c) => (
            <li key={c.id}>
              <code>{c.click_id ?? c.conversion_id}</code>{' '}
              {c.offer_name ?? tr('finance.offerNo', { id: c.offer_id })}: {statusWord(c.from_status)} →{' '}
              {statusWord(c.to_status)}, {formatMoney(c.amount, c.currency)}
            </li>
          ))}
        </ul>
      ),
  },
];

export function ClawbacksOutstanding({ version }: { version: number }) {
  const { t } = useTranslation();
  const list = useResource(`clawbacks-${version}`, () =>
    api.get<{ data: OutstandingRow[] }>('/api/admin/clawbacks'),
  );
  return (
    <>
      <h2 id="clawbacks-title">{t('finance.clawbacks.title')}</h2>
      <p className="hint">{t('finance.clawbacks.hint')}</p>
      <DataTable
        caption={t('finance.clawbacks.title')}
        columns={OUTSTANDING_COLUMNS}
        rows={list.data?.data}
        rowKey={(r) => `${r.publisher_id}-${r.currency}`}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        empty={tableEmpty(t('finance.clawbacks.empty'), <p>{t('finance.clawbacks.emptyHint')}</p>)}
      />
    </>
  );
}

const REASONS: Record<string, string> = labelsOf(['days', 'paid'], 'finance.held.reasons');

/** Held status changes: accept applies the advertiser's change now, refuse keeps the conversion. */
export function PendingChanges({ onMoneyMoved }: { onMoneyMoved: () => void }) {
  const { t } = useTranslation();
  const list = useResource('pending-changes', () =>
    api.get<Page<PendingChange>>('/api/admin/pending-changes', { status: 'pending', per_page: 100 }),
  );
  const [note, setNote] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState<string>();

  async function decide(change: PendingChange, action: 'accept' | 'refuse') {
    const words = { from: statusWord(change.from_status), to: statusWord(change.to_status) };
    const question =
      action === 'accept' ? t('finance.held.askAccept', words) : t('finance.held.askRefuse', words);
    if (!window.confirm(question)) return;
    setBusy(change.id);
    setNote(undefined);
    setFailure(undefined);
    try {
      await api.post(`/api/admin/pending-changes/${change.id}/${action}`, {});
      setNote(action === 'accept' ? t('finance.held.accepted', words) : t('finance.held.refused', words));
      onMoneyMoved();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(undefined);
    }
  }

  const columns: Column<PendingChange>[] = [
    { key: 'time', header: t('finance.col.received'), render: (c) => <DateTime iso={c.created_at} /> },
    { key: 'publisher', header: t('admin.col.publisher'), render: who },
    {
      key: 'lead',
      header: t('finance.col.lead'),
      render: (c) => (
        <Link to={`/admin/leads/${c.lead_id}`}>
          <code>{c.lead_id}</code>
        </Link>
      ),
    },
    {
      key: 'change',
      header: t('finance.col.change'),
      render: (c) => (
        <span className="nowrap">
          <Badge value={c.from_status} /> → <Badge value={c.to_status} />
        </span>
      ),
    },
    { key: 'reason', header: t('finance.col.heldBecause'), render: (c) => REASONS[c.reason] ?? c.reason },
    {
      key: 'actions',
      header: '',
      render: (c) => (
        <span className="row-actions">
          <button
            type="button"
            className="button-small"
            disabled={busy === c.id}
            onClick={() => decide(c, 'accept')}
          >
            {t('finance.held.accept')}
            <span className="sr-only"> {c.lead_id}</span>
          </button>
          <button
            type="button"
            className="button-small button-ghost"
            disabled={busy === c.id}
            onClick={() => decide(c, 'refuse')}
          >
            {t('finance.held.refuse')}
            <span className="sr-only"> {c.lead_id}</span>
          </button>
        </span>
      ),
    },
  ];

  return (
    <>
      <h2>{t('finance.held.title')}</h2>
      <p className="hint">{t('finance.held.hint')}</p>
      {note && <Notice tone="success">{note}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <DataTable
        caption={t('finance.held.title')}
        columns={columns}
        rows={list.data?.data}
        rowKey={(c) => c.id}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        empty={tableEmpty(t('finance.held.empty'), <p>{t('finance.held.emptyHint')}</p>)}
      />
    </>
  );
}
