import { type FormEvent, useEffect, useState } from 'react';
import { DateInput } from '../../components/date-input';
import { Field } from '../../components/field';
import { PeriodPresetOptions } from '../../components/filter-form';
import { EmptyState, ErrorNotice, Loading } from '../../components/notice';
import { useTimeZone } from '../../components/time-zone';
import { useResource } from '../../hooks/use-resource';
import { tr } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { api } from '../../lib/api';
import {
  columnGroups,
  GRANULARITY,
  GROUP_BY,
  type GroupBy,
  presetRange,
  type StatsColumn,
  type StatsFilters,
  type StatsRow,
  statsApiQuery,
  statsColumns,
} from '../../lib/conversion-stats';
import { heatCell } from '../../lib/heat-map';
import { dateRangeProblems } from '../../lib/log-filters';
import { formatMoney } from '../../lib/money';
import { toQueryString } from '../../lib/query-string';
import { todayIn } from '../../lib/time-zone';
import { useAllOffers, useAllPublishers } from '../lookups';

interface StatsReply {
  from: string;
  to: string;
  tz: string;
  group_by: GroupBy;
  currency: string;
  data: StatsRow[];
}

const ENDPOINT = '/api/admin/reports/conversion-stats';

function Cell({ column, row, currency }: { column: StatsColumn; row: StatsRow; currency: string }) {
  const value = column.value(row);
  if (column.kind === 'label') {
    return (
      <th scope="row" className="stats-label">
        {value === '' ? <span className="muted">{tr('admin.convStats.noValue')}</span> : value}
      </th>
    );
  }
  if (column.kind === 'percent') {
    return (
      <td className="num heat" style={heatCell(String(value)).style}>
        {value}%
      </td>
    );
  }
  if (column.kind === 'money') return <td className="num">{formatMoney(String(value), currency)}</td>;
  return <td className="num">{formatNumber(Number(value))}</td>;
}

/** Seed 000's Conversion Statistics: leads per date/offer/webmaster/country, six status groups, heat-mapped %. */
export function ConversionStats({
  filters,
  onApply,
}: {
  filters: StatsFilters;
  onApply: (filters: StatsFilters) => void;
}) {
  const { timeZone } = useTimeZone();
  const query = statsApiQuery(filters, { tz: timeZone });
  const stats = useResource(`conversion-stats${toQueryString(query)}`, () =>
    api.get<StatsReply>(ENDPOINT, query),
  );
  const reply = stats.data;
  const columns = statsColumns(reply?.group_by ?? 'date');
  return (
    <section className="stats-section" aria-labelledby="stats-title">
      <div className="section-head">
        <h2 id="stats-title">{tr('admin.convStats.title')}</h2>
        <a
          className="button"
          href={`${ENDPOINT}${toQueryString(statsApiQuery(filters, { tz: timeZone, format: 'tsv' }))}`}
          download
        >
          {tr('admin.convStats.exportTsv')}
        </a>
      </div>
      <StatsFilterForm filters={filters} onApply={onApply} />
      {stats.error ? <ErrorNotice error={stats.error} onRetry={stats.reload} /> : null}
      {!reply ? (
        stats.error ? null : (
          <Loading />
        )
      ) : reply.data.length === 0 ? (
        <EmptyState
          title={
            filters.s_currency
              ? tr('admin.convStats.noneIn', { currency: reply.currency })
              : tr('admin.convStats.none')
          }
        >
          <p>{tr('admin.convStats.tryAnother')}</p>
        </EmptyState>
      ) : (
        <StatsTable reply={reply} columns={columns} busy={stats.loading} />
      )}
    </section>
  );
}

function StatsTable({ reply, columns, busy }: { reply: StatsReply; columns: StatsColumn[]; busy: boolean }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-wrap" tabIndex={0} aria-label={tr('admin.convStats.table')} aria-busy={busy}>
      <table className="stats-table">
        <caption className="sr-only">
          Conversion statistics from {reply.from} to {reply.to} ({reply.tz} days), {reply.currency}
        </caption>
        <thead>
          <tr>
            {columnGroups(columns).map((g) => (
              <th key={g.group || 'name'} scope="colgroup" colSpan={g.span} className="group-head">
                {g.group}
              </th>
            ))}
          </tr>
          <tr>
            {columns.map((c) => (
              <th
                key={`${c.group}-${c.header}`}
                scope="col"
                className={c.kind === 'label' ? undefined : 'num'}
                aria-label={c.group ? `${c.group} ${c.header}` : c.header}
              >
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {reply.data.map((row) => (
            <tr key={row.key}>
              {columns.map((c) => (
                <Cell key={`${c.group}-${c.header}`} column={c} row={row} currency={reply.currency} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function StatsFilterForm({
  filters,
  onApply,
}: {
  filters: StatsFilters;
  onApply: (f: StatsFilters) => void;
}) {
  const offers = useAllOffers();
  const publishers = useAllPublishers();
  const { timeZone } = useTimeZone();
  const [draft, setDraft] = useState(filters);
  const [preset, setPreset] = useState('');
  const [problems, setProblems] = useState<{ from?: string; to?: string }>({});
  const key = JSON.stringify(filters);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for `filters`
  useEffect(() => setDraft(filters), [key]);
  const set = (k: keyof StatsFilters) => (e: { target: { value: string } }) => {
    if (k === 's_from' || k === 's_to') setPreset('');
    setDraft((d) => ({ ...d, [k]: e.target.value }));
  };
  const currencies = [...new Set(['USD', ...(offers.data ?? []).map((o) => o.currency), filters.s_currency])]
    .filter(Boolean)
    .sort();
  function choosePreset(value: string) {
    setPreset(value);
    const range = presetRange(value, todayIn(timeZone));
    if (range) setDraft((d) => ({ ...d, s_from: range.from, s_to: range.to }));
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    const found = dateRangeProblems(draft.s_from, draft.s_to);
    if (!found.from && !draft.s_from) found.from = tr('admin.convStats.chooseFirst');
    if (!found.to && !draft.s_to) found.to = tr('admin.convStats.chooseLast');
    setProblems(found);
    if (!found.from && !found.to) onApply(draft);
  }
  return (
    <form
      className="filters filters-grid"
      onSubmit={submit}
      noValidate
      aria-label={tr('admin.convStats.filters')}
    >
      <Field label={tr('admin.convStats.period')}>
        {(c) => (
          <select {...c} value={preset} onChange={(e) => choosePreset(e.target.value)}>
            <option value="">{tr('admin.convStats.custom')}</option>
            <PeriodPresetOptions />
          </select>
        )}
      </Field>
      <Field
        label={tr('admin.clicks.from')}
        error={problems.from}
        hint={tr('admin.convStats.zoneDays', { timeZone })}
      >
        {(c) => <DateInput {...c} value={draft.s_from} onChange={set('s_from')} />}
      </Field>
      <Field label={tr('admin.clicks.to')} error={problems.to}>
        {(c) => <DateInput {...c} value={draft.s_to} onChange={set('s_to')} />}
      </Field>
      <Field label={tr('admin.convStats.groupBy')}>
        {(c) => (
          <select {...c} value={draft.s_group} onChange={set('s_group')}>
            {GROUP_BY.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={tr('admin.convStats.granularity')}>
        {(c) => (
          <select
            {...c}
            value={draft.s_granularity}
            onChange={set('s_granularity')}
            disabled={draft.s_group !== 'date'}
          >
            {GRANULARITY.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={tr('admin.col.currency')}>
        {(c) => (
          <select {...c} value={draft.s_currency} onChange={set('s_currency')}>
            <option value="">{tr('admin.convStats.mostLeads')}</option>
            {currencies.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={tr('admin.col.offer')}>
        {(c) => (
          <select {...c} value={draft.s_offer} onChange={set('s_offer')}>
            <option value="">{tr('admin.act.all')}</option>
            {(offers.data ?? []).map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={tr('admin.convStats.webmaster')}>
        {(c) => (
          <select {...c} value={draft.s_publisher} onChange={set('s_publisher')}>
            <option value="">{tr('admin.act.all')}</option>
            {(publishers.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="filter-actions">
        <button type="submit" className="button-primary">
          {tr('admin.convStats.show')}
        </button>
      </div>
    </form>
  );
}
