import { type FormEvent, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { Field } from '../../components/field';
import { withView } from '../../components/section-tabs';
import { DateTime, useTimeZone } from '../../components/time-zone';
import { useResource } from '../../hooks/use-resource';
import { api, type Page } from '../../lib/api';
import {
  dateRangeProblems,
  FRAUD_EVENT_RULES,
  type FraudEventFilters,
  fraudEventApiQuery,
  readFraudEventFilters,
} from '../../lib/log-filters';
import { toQueryString } from '../../lib/query-string';
import type { FraudEvent } from '../../lib/types';

const KIND_LABELS: Record<FraudEvent['kind'], string> = {
  click: 'Click rejected',
  lead: 'Lead flagged',
  ip_block: 'IP blocked',
  pixel: 'Pixel refused',
};

const COLUMNS: Column<FraudEvent>[] = [
  { key: 'time', header: 'Time', render: (e) => <DateTime iso={e.created_at} /> },
  { key: 'rule', header: 'Rule', render: (e) => <code>{e.rule}</code> },
  {
    key: 'kind',
    header: 'What',
    render: (e) => (
      <span className={e.kind === 'lead' ? 'badge badge-spam' : 'badge badge-rejected'}>
        {KIND_LABELS[e.kind]}
      </span>
    ),
  },
  { key: 'ip', header: 'IP', render: (e) => (e.ip ? <code>{e.ip}</code> : '—') },
  { key: 'offer', header: 'Offer', render: (e) => e.offer_id ?? '—' },
  { key: 'publisher', header: 'Publisher', render: (e) => e.publisher_id ?? '—' },
  {
    key: 'detail',
    header: 'Detail',
    render: (e) => (
      <span className="truncate" title={e.detail ?? ''}>
        {e.detail || '—'}
      </span>
    ),
  },
  { key: 'id', header: 'Click / lead / log', render: (e) => <code>{e.id}</code> },
];

const EMPTY: FraudEventFilters = { rule: '', ip: '', offer_id: '', publisher_id: '', from: '', to: '' };

/** What the fraud rules caught: rejected clicks, spam and duplicate leads, manual blocks; newest first. */
export function FraudEvents() {
  const { timeZone } = useTimeZone();
  const [params, setParams] = useSearchParams();
  const { filters, page } = readFraudEventFilters(params);
  const query = fraudEventApiQuery(filters, page, timeZone);
  const list = useResource(`fraud-events${toQueryString(query)}`, () =>
    api.get<Page<FraudEvent>>('/api/admin/fraud/events', query),
  );
  const apply = (next: FraudEventFilters, nextPage = 1) =>
    setParams(withView(params, toQueryString({ ...next, page: nextPage > 1 ? nextPage : undefined })));
  const filtered = Object.values(filters).some(Boolean);
  return (
    <>
      <h2>Fraud events</h2>
      <FraudEventFilterForm filters={filters} onApply={apply} />
      <DataTable
        caption="Fraud events"
        columns={COLUMNS}
        rowKey={(e) => `${e.kind}-${e.id}`}
        empty={tableEmpty(
          filtered ? 'No fraud events match these filters.' : 'No fraud events yet.',
          filtered ? undefined : <p>Clicks and leads a fraud rule stops are listed here.</p>,
        )}
        {...pagedRows(list, page, (n) => apply(filters, n))}
      />
    </>
  );
}

type Problems = Partial<Record<keyof FraudEventFilters, string>>;

function FraudEventFilterForm({
  filters,
  onApply,
}: {
  filters: FraudEventFilters;
  onApply: (filters: FraudEventFilters) => void;
}) {
  const [draft, setDraft] = useState(filters);
  const [problems, setProblems] = useState<Problems>({});
  const key = JSON.stringify(filters);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for `filters`
  useEffect(() => setDraft(filters), [key]);
  const set = (k: keyof FraudEventFilters) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }));
  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Problems = dateRangeProblems(draft.from, draft.to);
    for (const k of ['offer_id', 'publisher_id'] as const)
      if (draft[k].trim() && !/^\d{1,15}$/.test(draft[k].trim())) found[k] = 'An ID, e.g. 12';
    setProblems(found);
    if (Object.keys(found).length === 0) onApply(draft);
  }
  return (
    <form className="filters filters-grid" onSubmit={submit} noValidate aria-label="Fraud event filters">
      <Field label="Rule">
        {(c) => (
          <select {...c} value={draft.rule} onChange={set('rule')}>
            <option value="">Any</option>
            {FRAUD_EVENT_RULES.map((rule) => (
              <option key={rule} value={rule}>
                {rule}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="IP">{(c) => <input {...c} value={draft.ip} onChange={set('ip')} />}</Field>
      <Field label="Offer ID" error={problems.offer_id}>
        {(c) => <input {...c} inputMode="numeric" value={draft.offer_id} onChange={set('offer_id')} />}
      </Field>
      <Field label="Publisher ID" error={problems.publisher_id}>
        {(c) => (
          <input {...c} inputMode="numeric" value={draft.publisher_id} onChange={set('publisher_id')} />
        )}
      </Field>
      <Field label="From" error={problems.from}>
        {(c) => <input {...c} type="date" value={draft.from} onChange={set('from')} />}
      </Field>
      <Field label="To" error={problems.to}>
        {(c) => <input {...c} type="date" value={draft.to} onChange={set('to')} />}
      </Field>
      <div className="filter-actions">
        <button type="submit" className="button-primary">
          Apply
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(EMPTY);
            setProblems({});
            onApply(EMPTY);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
