import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useResource } from '../hooks/use-resource';
import { api } from '../lib/api';
import { toQueryString } from '../lib/query-string';
import { addDays, todayIn } from '../lib/time-zone';
import { ErrorNotice, Loading } from './notice';
import { SavedReportsBar } from './saved-reports';
import { useTimeZone } from './time-zone';

export const ALL_GROUPINGS = [
  ['date', 'Date'],
  ['hour', 'Hour'],
  ['offer', 'Offer'],
  ['publisher', 'Publisher'],
  ['advertiser', 'Advertiser'],
  ['flow', 'Flow'],
  ['landing', 'Landing'],
  ['country', 'Country'],
  ['device', 'Device'],
  ['os', 'OS'],
  ['browser', 'Browser'],
  ['sub1', 'Sub1'],
  ['sub2', 'Sub2'],
  ['sub3', 'Sub3'],
  ['sub4', 'Sub4'],
  ['sub5', 'Sub5'],
] as const;
type Grouping = (typeof ALL_GROUPINGS)[number][0];

interface Figures {
  currency: string;
  clicks: number;
  unique_clicks: number;
  leads: number;
  cr: number | null;
  approved: number;
  approval: number | null;
  epc: string | null;
  payout: string;
  revenue?: string;
  profit?: string;
  roi?: number | null;
}
interface Row extends Figures {
  keys: string[];
  labels: string[];
  previous: Figures;
}
interface GroupedReport {
  group_by: string[];
  previous: { from: string; to: string };
  data: Row[];
  totals: (Figures & { previous: Figures })[];
}

type Measure = keyof Omit<Figures, 'currency'>;
const MEASURES: [Measure, string][] = [
  ['clicks', 'Clicks'],
  ['unique_clicks', 'Unique'],
  ['leads', 'Leads'],
  ['cr', 'CR %'],
  ['approved', 'Approved'],
  ['approval', 'Approval %'],
  ['epc', 'EPC'],
  ['revenue', 'Revenue'],
  ['payout', 'Payout'],
  ['profit', 'Profit'],
  ['roi', 'ROI %'],
];
/** Compared with the previous period (Δ %). */
const COMPARED: ReadonlySet<Measure> = new Set([
  'clicks',
  'leads',
  'approved',
  'revenue',
  'payout',
  'profit',
]);

function delta(now: number, before: number): number | null {
  if (before === 0) return null;
  return Math.round(((now - before) / Math.abs(before)) * 1000) / 10;
}

function Cell({ row, measure }: { row: Figures & { previous: Figures }; measure: Measure }) {
  const value = row[measure];
  const shown = value === null || value === undefined ? '—' : String(value);
  if (!COMPARED.has(measure)) return <>{shown}</>;
  const d = delta(Number(value ?? 0), Number(row.previous[measure] ?? 0));
  return (
    <>
      {shown}
      {d !== null && d !== 0 && (
        <span className={d > 0 ? 'delta-up' : 'delta-down'} title={`previous: ${row.previous[measure]}`}>
          {' '}
          {d > 0 ? '▲' : '▼'}
          {Math.abs(d)}%
        </span>
      )}
    </>
  );
}

/**
 * The grouped report (issue 21), for the admin and the portal: up to three groupings, a row's value
 * clicked becomes a filter and the report moves to the next grouping (drill-down), the previous
 * period's change beside the counts and money, CSV of what is on screen.
 */
export function GroupedReportView({ apiPath, portal }: { apiPath: string; portal: boolean }) {
  const [params, setParams] = useSearchParams();
  const { timeZone } = useTimeZone();
  const groupings = ALL_GROUPINGS.filter(([g]) => !portal || (g !== 'publisher' && g !== 'advertiser'));
  const today = todayIn(timeZone);
  const from = params.get('from') ?? addDays(today, -6);
  const to = params.get('to') ?? today;
  const groupBy = (params.get('group_by') ?? 'date').split(',').filter(Boolean) as Grouping[];
  const filters = Object.fromEntries(
    [...params.entries()].filter(([k]) => k.startsWith('f_')).map(([k, v]) => [k.slice(2), v]),
  ) as Partial<Record<Grouping, string>>;
  const query = {
    from,
    to,
    group_by: groupBy.join(','),
    tz: timeZone,
    ...Object.fromEntries(Object.entries(filters).map(([k, v]) => [`f_${k}`, v])),
  };
  const report = useResource(`grouped${toQueryString(query)}`, () => api.get<GroupedReport>(apiPath, query));
  const [draft, setDraft] = useState({
    from,
    to,
    groups: [groupBy[0] ?? 'date', groupBy[1] ?? '', groupBy[2] ?? ''],
  });
  const [labels, setLabels] = useState<Record<string, string>>({});

  const go = (next: Record<string, string>) => setParams(toQueryString(next));
  const filterParams = (f: Partial<Record<Grouping, string>>) =>
    Object.fromEntries(Object.entries(f).map(([k, v]) => [`f_${k}`, v as string]));

  function submit(event: FormEvent) {
    event.preventDefault();
    const groups = [...new Set(draft.groups.filter(Boolean))];
    go({ from: draft.from, to: draft.to, group_by: groups.join(','), ...filterParams(filters) });
  }

  /** Drill-down: the first grouping's value becomes a filter, the next groupings move up. */
  function drill(row: Row) {
    const [first, ...rest] = groupBy;
    if (!first) return;
    const unused = groupings.map(([g]) => g).find((g) => !groupBy.includes(g) && !(g in filters));
    const next = rest.length > 0 ? rest : unused ? [unused] : [];
    setLabels((l) => ({ ...l, [`${first}=${row.keys[0]}`]: row.labels[0] ?? '' }));
    const nextFilters = { ...filters, [first]: row.keys[0] ?? '' };
    setDraft((d) => ({ ...d, groups: [next[0] ?? 'date', next[1] ?? '', next[2] ?? ''] }));
    go({ from, to, group_by: next.join(','), ...filterParams(nextFilters) });
  }

  function removeFilter(name: Grouping) {
    const { [name]: _gone, ...rest } = filters;
    go({ from, to, group_by: groupBy.join(','), ...filterParams(rest) });
  }

  const measures = MEASURES.filter(([m]) => !portal || (m !== 'revenue' && m !== 'profit' && m !== 'roi'));
  const nameOf = (g: string) => groupings.find(([k]) => k === g)?.[1] ?? g;
  const data = report.data;
  return (
    <section>
      <div className="page-head">
        <h1>Grouped report</h1>
        <a className="button" href={`${apiPath}${toQueryString({ ...query, format: 'csv' })}`} download>
          Download CSV
        </a>
      </div>
      <SavedReportsBar
        base={portal ? '/api/publisher' : '/api/admin'}
        report="grouped"
        current={query}
        timeZone={timeZone}
        onOpen={(q) => setParams(q)}
      />
      <form className="form report-groups" aria-label="Report settings" onSubmit={submit}>
        <label>
          From{' '}
          <input
            type="date"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </label>
        <label>
          To{' '}
          <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        {[0, 1, 2].map((i) => (
          <label key={i}>
            {`Group ${i + 1}`}{' '}
            <select
              aria-label={`Grouping ${i + 1}`}
              value={draft.groups[i]}
              onChange={(e) => {
                const groups = [...draft.groups];
                groups[i] = e.target.value;
                setDraft({ ...draft, groups });
              }}
            >
              {i > 0 && <option value="">—</option>}
              {groupings.map(([g, label]) => (
                <option key={g} value={g}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        ))}
        <button type="submit" className="button-primary">
          Show
        </button>
      </form>
      {Object.keys(filters).length > 0 && (
        <nav className="report-crumbs" aria-label="Drill-down filters">
          {(Object.entries(filters) as [Grouping, string][]).map(([g, v]) => (
            <button
              key={g}
              type="button"
              className="chip"
              onClick={() => removeFilter(g)}
              title="Remove this filter"
            >
              {nameOf(g)}: {labels[`${g}=${v}`] || v || '(none)'} ✕
            </button>
          ))}
        </nav>
      )}
      <p className="muted">
        Click a row's first value to drill down: it becomes a filter and the next grouping splits it. ▲▼:
        change against the previous period of the same length
        {data ? ` (${data.previous.from.slice(0, 10)} – ${data.previous.to.slice(0, 10)})` : ''}.
      </p>
      {report.error ? <ErrorNotice error={report.error} onRetry={report.reload} /> : null}
      {!data ? (
        report.error ? null : (
          <Loading />
        )
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        <section className="table-wrap" tabIndex={0} aria-label="Grouped report">
          <table>
            <thead>
              <tr>
                {groupBy.map((g) => (
                  <th key={g} scope="col">
                    {nameOf(g)}
                  </th>
                ))}
                <th scope="col">Currency</th>
                {measures.map(([m, label]) => (
                  <th key={m} scope="col" className="num">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.data.length === 0 && (
                <tr>
                  <td colSpan={groupBy.length + 1 + measures.length}>No traffic in this period.</td>
                </tr>
              )}
              {data.data.map((row) => (
                <tr key={`${row.keys.join('|')}|${row.currency}`}>
                  {row.labels.map((label, i) => (
                    <td key={groupBy[i]}>
                      {i === 0 ? (
                        <button type="button" className="report-row-drill" onClick={() => drill(row)}>
                          {label}
                        </button>
                      ) : (
                        label
                      )}
                    </td>
                  ))}
                  <td>{row.currency}</td>
                  {measures.map(([m]) => (
                    <td key={m} className="num">
                      <Cell row={row} measure={m} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              {data.totals.map((total) => (
                <tr key={total.currency}>
                  <th scope="row" colSpan={groupBy.length}>
                    Total
                  </th>
                  <td>{total.currency}</td>
                  {measures.map(([m]) => (
                    <td key={m} className="num">
                      <Cell row={total} measure={m} />
                    </td>
                  ))}
                </tr>
              ))}
            </tfoot>
          </table>
        </section>
      )}
    </section>
  );
}
