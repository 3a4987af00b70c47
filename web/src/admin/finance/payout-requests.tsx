import { useState } from 'react';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { Money } from '../../components/money';
import { ErrorNotice, FormProblems, Notice } from '../../components/notice';
import { PAYOUT_SORTS, payoutColumns } from '../../components/payout-columns';
import { useFormSubmit } from '../../hooks/use-form-submit';
import { useResource } from '../../hooks/use-resource';
import { useServerSort } from '../../hooks/use-server-sort';
import { api, type Page } from '../../lib/api';
import { formatMoney } from '../../lib/money';
import { methodLabel } from '../../lib/payouts';
import { toQueryString } from '../../lib/query-string';
import { PER_PAGE } from '../../lib/table-state';
import type { Net7Result, Payout } from '../../lib/types';
import { nameOf, useAllPublishers } from '../lookups';

const STATUSES = ['requested', 'paid', 'rejected', 'all'] as const;

interface Props {
  status: string;
  page: number;
  onChange: (status: string, page: number) => void;
  /** A payment or a Net-7 run moved money: the balances above are stale. */
  onMoneyMoved: () => void;
}

type Decision = { payout: Payout; action: 'pay' | 'reject' };

/** Payout requests (seed 000): pay with the TX hash or reference, or reject with a reason; the Net-7 run. */
export function PayoutRequests({ status, page, onChange, onMoneyMoved }: Props) {
  const sorting = useServerSort(PAYOUT_SORTS);
  const query = { status: status === 'all' ? undefined : status, ...sorting.query, page, per_page: PER_PAGE };
  const list = useResource(`payouts${toQueryString(query)}`, () =>
    api.get<Page<Payout>>('/api/admin/payouts', query),
  );
  const publishers = useAllPublishers();
  const [deciding, setDeciding] = useState<Decision>();
  const [note, setNote] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [running, setRunning] = useState(false);
  const who = (p: Payout) => nameOf(publishers.data, p.publisher_id);

  async function runNet7() {
    if (
      !window.confirm(
        'Run the Net-7 payout run now? It creates a request for every publisher above the minimum.',
      )
    )
      return;
    setRunning(true);
    setNote(undefined);
    setFailure(undefined);
    try {
      const result = await api.post<Net7Result>('/api/admin/payouts/run-net7');
      const skipped = result.skipped.length
        ? `; ${result.skipped.length} skipped (${skippedReasons(result)})`
        : '';
      setNote(
        `Net-7 run: ${result.created.length} request${result.created.length === 1 ? '' : 's'} created${skipped}.`,
      );
      list.reload();
      onMoneyMoved();
    } catch (error) {
      setFailure(error);
    } finally {
      setRunning(false);
    }
  }

  function decided(payout: Payout) {
    setDeciding(undefined);
    setFailure(undefined);
    const amount = formatMoney(payout.amount, payout.currency);
    setNote(
      payout.status === 'paid'
        ? `Paid ${amount} to ${who(payout)} (reference ${payout.reference}).`
        : `Request of ${who(payout)} for ${amount} rejected.`,
    );
    list.reload();
    onMoneyMoved();
  }

  const shared = payoutColumns((p) => (p.source === 'net7' ? 'Net-7 run' : 'Publisher'));
  const columns: Column<Payout>[] = [
    shared.time,
    { key: 'publisher', header: 'Publisher', render: who },
    shared.amount,
    shared.method,
    shared.destination,
    shared.source,
    shared.status,
    shared.outcome,
    {
      key: 'actions',
      header: '',
      render: (p) =>
        p.status === 'requested' ? (
          <span className="row-actions">
            <button
              type="button"
              className="button-small"
              onClick={() => setDeciding({ payout: p, action: 'pay' })}
            >
              Pay
              <span className="sr-only">
                {' '}
                {who(p)} {formatMoney(p.amount, p.currency)}
              </span>
            </button>
            <button
              type="button"
              className="button-small button-ghost"
              onClick={() => setDeciding({ payout: p, action: 'reject' })}
            >
              Reject
              <span className="sr-only">
                {' '}
                {who(p)} {formatMoney(p.amount, p.currency)}
              </span>
            </button>
          </span>
        ) : null,
    },
  ];

  return (
    <>
      <div className="section-head">
        <h2>Payout requests</h2>
        <span className="row-actions">
          <label className="tz-select">
            <span>Show</span>
            <select value={status} onChange={(e) => onChange(e.target.value, 1)}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={runNet7} disabled={running}>
            {running ? 'Running…' : 'Run Net-7 now'}
          </button>
        </span>
      </div>
      {note && <Notice tone="success">{note}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <DataTable
        caption="Payout requests"
        columns={columns}
        rowKey={(p) => p.id}
        empty={tableEmpty(
          status === 'requested' ? 'No requests waiting.' : 'No payout requests.',
          <p>Publishers request payouts from their balance; the weekly Net-7 run adds requests too.</p>,
        )}
        serverSort={sorting.table}
        {...pagedRows(list, page, (n) => onChange(status, n))}
      />
      <Dialog
        title={deciding?.action === 'pay' ? 'Pay payout request' : 'Reject payout request'}
        open={deciding !== undefined}
        onClose={() => setDeciding(undefined)}
      >
        {deciding && <DecideForm decision={deciding} publisher={who(deciding.payout)} onDone={decided} />}
      </Dialog>
    </>
  );
}

function skippedReasons(result: Net7Result): string {
  const counts = new Map<string, number>();
  for (const s of result.skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  return [...counts.entries()].map(([reason, n]) => `${n} ${reason.replaceAll('_', ' ')}`).join(', ');
}

function DecideForm({
  decision,
  publisher,
  onDone,
}: {
  decision: Decision;
  publisher: string;
  onDone: (payout: Payout) => void;
}) {
  const { payout, action } = decision;
  const pay = action === 'pay';
  const field = pay ? 'reference' : 'reason';
  const [value, setValue] = useState('');
  const { errors, failure, busy, submit } = useFormSubmit<string>(
    (text) =>
      text.trim() === ''
        ? { [field]: pay ? 'Enter the TX hash or payment reference' : 'Say why: the publisher sees this' }
        : {},
    async (text) => {
      onDone(await api.post<Payout>(`/api/admin/payouts/${payout.id}/${action}`, { [field]: text.trim() }));
    },
  );
  return (
    <form className="dialog-body form" onSubmit={(e) => submit(e, value)} noValidate>
      <FormProblems errors={errors} failure={failure} />
      <dl className="facts">
        <dt>Publisher</dt>
        <dd>{publisher}</dd>
        <dt>Amount</dt>
        <dd>
          <Money amount={payout.amount} currency={payout.currency} />
        </dd>
        <dt>{methodLabel(payout.method)}</dt>
        <dd>
          <code className="break">{payout.destination}</code>
        </dd>
      </dl>
      <Field
        label={pay ? 'TX hash or reference' : 'Reason'}
        required
        error={errors[field]}
        hint={
          pay ? 'Send the money first, then record its transaction here.' : 'The publisher sees this reason.'
        }
      >
        {(c) =>
          pay ? (
            <input
              {...c}
              value={value}
              maxLength={200}
              autoComplete="off"
              onChange={(e) => setValue(e.target.value)}
            />
          ) : (
            <textarea
              {...c}
              value={value}
              maxLength={1000}
              rows={3}
              onChange={(e) => setValue(e.target.value)}
            />
          )
        }
      </Field>
      <div className="form-actions">
        <button type="submit" className={pay ? 'button-primary' : 'button-danger'} disabled={busy}>
          {busy ? 'Saving…' : pay ? 'Mark paid' : 'Reject request'}
        </button>
      </div>
    </form>
  );
}
