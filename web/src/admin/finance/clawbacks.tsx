import { useState } from 'react';
import { Link } from 'react-router';
import { Badge } from '../../components/badge';
import { type Column, DataTable, tableEmpty } from '../../components/data-table';
import { Money } from '../../components/money';
import { ErrorNotice, Notice } from '../../components/notice';
import { DateTime } from '../../components/time-zone';
import { useResource } from '../../hooks/use-resource';
import { api, type Page } from '../../lib/api';
import { formatMoney } from '../../lib/money';
import type { OutstandingClawbacks, PendingChange } from '../../lib/types';

/**
 * Issue 17 in Finance: publishers whose balance is below zero after reversals of money already paid
 * (netted from their next payout), and postback changes a finality window holds for a decision.
 */

type OutstandingRow = OutstandingClawbacks & { publisher_id: string };

const who = (row: { publisher_name?: string | null; publisher_id?: string | null }) =>
  row.publisher_name || (row.publisher_id ? `#${row.publisher_id}` : '—');

const OUTSTANDING_COLUMNS: Column<OutstandingRow>[] = [
  { key: 'publisher', header: 'Publisher', render: who, sortValue: (r) => who(r) },
  { key: 'currency', header: 'Currency', render: (r) => r.currency },
  {
    key: 'balance',
    header: 'Balance',
    className: 'num',
    render: (r) => <Money amount={r.balance} currency={r.currency} />,
  },
  {
    key: 'outstanding',
    header: 'To net',
    className: 'num',
    render: (r) => <Money amount={r.outstanding} currency={r.currency} />,
    sortValue: (r) => Number(r.outstanding),
  },
  {
    key: 'conversions',
    header: 'Reversed after payout',
    render: (r) =>
      r.clawbacks.length === 0 ? (
        '—'
      ) : (
        <ul className="plain-list">
          {r.clawbacks.map((c) => (
            <li key={c.id}>
              <code>{c.click_id ?? c.conversion_id}</code> {c.offer_name ?? `offer #${c.offer_id}`}:{' '}
              {c.from_status} → {c.to_status}, {formatMoney(c.amount, c.currency)}
            </li>
          ))}
        </ul>
      ),
  },
];

export function ClawbacksOutstanding({ version }: { version: number }) {
  const list = useResource(`clawbacks-${version}`, () =>
    api.get<{ data: OutstandingRow[] }>('/api/admin/clawbacks'),
  );
  return (
    <>
      <h2 id="clawbacks-title">Clawbacks outstanding</h2>
      <p className="hint">
        Conversions reversed after their publisher was paid: the balance is below zero and the next payout
        (manual or Net-7) nets it; nothing is paid until it is covered.
      </p>
      <DataTable
        caption="Clawbacks outstanding"
        columns={OUTSTANDING_COLUMNS}
        rows={list.data?.data}
        rowKey={(r) => `${r.publisher_id}-${r.currency}`}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        empty={tableEmpty('No clawbacks outstanding.', <p>No publisher balance is below zero.</p>)}
      />
    </>
  );
}

const REASONS: Record<string, string> = {
  days: 'past the finality window',
  paid: 'publisher already paid',
};

/** Held status changes: accept applies the advertiser's change now, refuse keeps the conversion. */
export function PendingChanges({ onMoneyMoved }: { onMoneyMoved: () => void }) {
  const list = useResource('pending-changes', () =>
    api.get<Page<PendingChange>>('/api/admin/pending-changes', { status: 'pending', per_page: 100 }),
  );
  const [note, setNote] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState<string>();

  async function decide(change: PendingChange, action: 'accept' | 'refuse') {
    const question =
      action === 'accept'
        ? `Apply ${change.from_status} → ${change.to_status} to this conversion now?`
        : `Refuse ${change.from_status} → ${change.to_status}? The conversion stays ${change.from_status}.`;
    if (!window.confirm(question)) return;
    setBusy(change.id);
    setNote(undefined);
    setFailure(undefined);
    try {
      await api.post(`/api/admin/pending-changes/${change.id}/${action}`, {});
      setNote(
        action === 'accept'
          ? `Applied: ${change.from_status} → ${change.to_status}.`
          : `Refused: the conversion stays ${change.from_status}.`,
      );
      list.reload();
      onMoneyMoved();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(undefined);
    }
  }

  const columns: Column<PendingChange>[] = [
    { key: 'time', header: 'Received', render: (c) => <DateTime iso={c.created_at} /> },
    { key: 'publisher', header: 'Publisher', render: who },
    {
      key: 'lead',
      header: 'Lead',
      render: (c) => (
        <Link to={`/admin/leads/${c.lead_id}`}>
          <code>{c.lead_id}</code>
        </Link>
      ),
    },
    {
      key: 'change',
      header: 'Change',
      render: (c) => (
        <span className="nowrap">
          <Badge value={c.from_status} /> → <Badge value={c.to_status} />
        </span>
      ),
    },
    { key: 'reason', header: 'Held because', render: (c) => REASONS[c.reason] ?? c.reason },
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
            Accept<span className="sr-only"> {c.lead_id}</span>
          </button>
          <button
            type="button"
            className="button-small button-ghost"
            disabled={busy === c.id}
            onClick={() => decide(c, 'refuse')}
          >
            Refuse<span className="sr-only"> {c.lead_id}</span>
          </button>
        </span>
      ),
    },
  ];

  return (
    <>
      <h2>Held status changes</h2>
      <p className="hint">
        Postbacks that arrived after a conversion's finality window: logged, answered "queued", and applied
        only if you accept them.
      </p>
      {note && <Notice tone="success">{note}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <DataTable
        caption="Held status changes"
        columns={columns}
        rows={list.data?.data}
        rowKey={(c) => c.id}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        empty={tableEmpty('Nothing held.', <p>No postback is waiting for a decision.</p>)}
      />
    </>
  );
}
