import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { Money } from '../../components/money';
import { ErrorNotice, FormProblems, Notice } from '../../components/notice';
import { PAYOUT_SORTS, payoutColumns } from '../../components/payout-columns';
import { useFormSubmit } from '../../hooks/use-form-submit';
import { useResource } from '../../hooks/use-resource';
import { useServerSort } from '../../hooks/use-server-sort';
import { tr } from '../../i18n';
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
  const { t } = useTranslation();
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
    if (!window.confirm(t('finance.payouts.askNet7'))) return;
    setRunning(true);
    setNote(undefined);
    setFailure(undefined);
    try {
      const result = await api.post<Net7Result>('/api/admin/payouts/run-net7');
      const created = t('finance.payouts.net7Created', { count: result.created.length });
      const skipped = result.skipped.length
        ? t('finance.payouts.net7Skipped', { count: result.skipped.length, reasons: skippedReasons(result) })
        : '';
      setNote(`${created}${skipped}.`);
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
        ? t('finance.payouts.paidNote', { amount, publisher: who(payout), reference: payout.reference })
        : t('finance.payouts.rejectedNote', { amount, publisher: who(payout) }),
    );
    onMoneyMoved();
  }

  const shared = payoutColumns((p) =>
    p.source === 'net7' ? t('finance.payouts.net7Source') : t('admin.col.publisher'),
  );
  const columns: Column<Payout>[] = [
    shared.time,
    { key: 'publisher', header: t('admin.col.publisher'), render: who },
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
              {t('finance.payouts.pay')}
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
              {t('finance.payouts.reject')}
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
        <h2>{t('finance.payouts.title')}</h2>
        <span className="row-actions">
          <label className="tz-select">
            <span>{t('finance.show')}</span>
            <select value={status} onChange={(e) => onChange(e.target.value, 1)}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s === 'all' ? t('finance.all') : t(`common.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={runNet7} disabled={running}>
            {running ? t('finance.payouts.running') : t('finance.payouts.runNet7')}
          </button>
        </span>
      </div>
      {note && <Notice tone="success">{note}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <DataTable
        caption={t('finance.payouts.title')}
        columns={columns}
        rowKey={(p) => p.id}
        empty={tableEmpty(
          status === 'requested' ? t('finance.payouts.noneWaiting') : t('finance.payouts.none'),
          <p>{t('finance.payouts.emptyHint')}</p>,
        )}
        serverSort={sorting.table}
        {...pagedRows(list, page, (n) => onChange(status, n))}
      />
      <Dialog
        title={deciding?.action === 'pay' ? t('finance.payouts.payTitle') : t('finance.payouts.rejectTitle')}
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
  return [...counts.entries()]
    .map(
      ([reason, n]) =>
        `${n} ${tr(`finance.payouts.skip.${reason}`, { defaultValue: reason.replaceAll('_', ' ') })}`,
    )
    .join(', ');
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
  const { t } = useTranslation();
  const { payout, action } = decision;
  const pay = action === 'pay';
  const field = pay ? 'reference' : 'reason';
  const [value, setValue] = useState('');
  const { errors, failure, busy, submit } = useFormSubmit<string>(
    (text) =>
      text.trim() === ''
        ? { [field]: pay ? t('finance.payouts.needReference') : t('finance.payouts.needReason') }
        : {},
    async (text) => {
      onDone(await api.post<Payout>(`/api/admin/payouts/${payout.id}/${action}`, { [field]: text.trim() }));
    },
  );
  return (
    <form className="dialog-body form" onSubmit={(e) => submit(e, value)} noValidate>
      <FormProblems errors={errors} failure={failure} />
      <dl className="facts">
        <dt>{t('admin.col.publisher')}</dt>
        <dd>{publisher}</dd>
        <dt>{t('common.payouts.amount')}</dt>
        <dd>
          <Money amount={payout.amount} currency={payout.currency} />
        </dd>
        <dt>{methodLabel(payout.method)}</dt>
        <dd>
          <code className="break">{payout.destination}</code>
        </dd>
      </dl>
      <Field
        label={pay ? t('finance.payouts.reference') : t('admin.col.reason')}
        required
        error={errors[field]}
        hint={pay ? t('finance.payouts.referenceHint') : t('finance.payouts.reasonHint')}
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
          {busy
            ? t('admin.act.saving')
            : pay
              ? t('finance.payouts.markPaid')
              : t('finance.payouts.rejectRequest')}
        </button>
      </div>
    </form>
  );
}
