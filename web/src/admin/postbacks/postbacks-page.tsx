import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { Dialog } from '../../components/dialog';
import { ExportCsvLink } from '../../components/export-link';
import { FilterForm, pickers } from '../../components/filter-form';
import { ErrorNotice, Loading } from '../../components/notice';
import { DateTime, useTimeZone } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { useServerSort } from '../../hooks/use-server-sort';
import { tr } from '../../i18n';
import { PostbackWarnings, ServerText } from '../../i18n/coded';
import { serverText } from '../../i18n/server-text';
import { api, type Page } from '../../lib/api';
import {
  ANSWER_CODES,
  type PostbackFilters,
  postbackApiQuery,
  readPostbackFilters,
} from '../../lib/log-filters';
import { toQueryString } from '../../lib/query-string';
import type { Flow, PostbackLogEntry } from '../../lib/types';
import { nameOf, useAllFlows } from '../lookups';

function answerClass(status: number): string {
  return status < 300 ? 'badge badge-approved' : status < 500 ? 'badge badge-rejected' : 'badge badge-failed';
}

function columns(onView: (id: string) => void, flows?: Flow[]): Column<PostbackLogEntry>[] {
  return [
    { key: 'time', header: tr('admin.col.time'), render: (p) => <DateTime iso={p.created_at} /> },
    {
      key: 'answer',
      header: tr('admin.postbacks.answer'),
      render: (p) => (
        <>
          {/* What went over the wire, as sent and received (translate="no"): the answer, the endpoint, the status word, the server's log line. */}
          <span className={answerClass(p.answer_status)} translate="no">
            {p.answer_status} {p.answer_code}
          </span>{' '}
          <WarningsBadge entry={p} />
        </>
      ),
    },
    {
      key: 'endpoint',
      header: tr('admin.postbacks.endpoint'),
      render: (p) => <span translate="no">{`${p.method} ${p.endpoint}`}</span>,
    },
    {
      key: 'click',
      header: tr('admin.col.clickId'),
      render: (p) => (p.click_id ? <code>{p.click_id}</code> : '—'),
    },
    {
      key: 'status',
      header: tr('admin.col.status'),
      // The status word as the advertiser sent it: data, not our text.
      render: (p) => <span translate="no">{p.status ?? '—'}</span>,
    },
    { key: 'goal', header: tr('admin.col.goal'), render: (p) => p.goal ?? '—' },
    { key: 'flow', header: tr('admin.col.flow'), render: (p) => nameOf(flows, p.flow_id) },
    {
      key: 'message',
      header: tr('admin.postbacks.message'),
      render: (p) => (
        <span className="truncate" title={p.message}>
          {serverText('postback', p.answer_code, p.message).text}
        </span>
      ),
    },
    { key: 'ip', header: 'IP', render: (p) => p.ip },
    {
      key: 'view',
      header: '',
      render: (p) => (
        <button type="button" className="button-small" onClick={() => onView(p.id)}>
          {tr('admin.postbacks.view')}
          <span className="sr-only"> {tr('admin.postbacks.viewOf', { id: p.id })}</span>
        </button>
      ),
    },
  ];
}

/** A postback that sent money, a currency or a status we did not use: never silent. */
/** The "why" in the reader's language; the server's English detail (ids, amounts) stays beside it. */
function PostbackWhy({ code, message }: { code: string; message: string }) {
  return <ServerText area="postback" code={code} stored={message} original />;
}

/** The warnings in the reader's language (plain text, for a title), from their codes when logged with them. */
function warningTexts(p: Pick<PostbackLogEntry, 'warnings' | 'warning_codes'>): string[] {
  return p.warnings.map((w, i) => {
    const coded = p.warning_codes[i];
    return serverText('postbackWarning', coded?.code, w, coded?.params).text;
  });
}

function WarningsBadge({ entry }: { entry: Pick<PostbackLogEntry, 'warnings' | 'warning_codes'> }) {
  const warnings = entry.warnings;
  if (warnings.length === 0) return null;
  return (
    <span className="badge badge-warning" title={warningTexts(entry).join('\n')}>
      {tr('admin.postbacks.warnings', { count: warnings.length })}
    </span>
  );
}

/** The columns the server sorts by: column key → the API's sort name (GET /api/admin/postbacks). */
const SORTS = {
  time: 'created_at',
  answer: 'answer_status',
  endpoint: 'endpoint',
  click: 'click_id',
  status: 'status',
  goal: 'goal',
  flow: 'flow_id',
  ip: 'ip',
};

/** Every inbound postback and ingest call, good or bad (seed 002 "Postback Log & Debugging"). */
export function PostbacksPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.postbacks.title'));
  const { timeZone } = useTimeZone();
  const [params, setParams] = useSearchParams();
  const { filters, page } = readPostbackFilters(params);
  const sorting = useServerSort(SORTS);
  const query = { ...postbackApiQuery(filters, page, timeZone), ...sorting.query };
  const list = useResource(`postbacks${toQueryString(query)}`, () =>
    api.get<Page<PostbackLogEntry>>('/api/admin/postbacks', query),
  );
  const [viewing, setViewing] = useState<string>();
  const flows = useAllFlows();
  const apply = (next: PostbackFilters, nextPage = 1) =>
    setParams(toQueryString({ ...next, ...sorting.query, page: nextPage > 1 ? nextPage : undefined }));
  const filtered = Object.values(filters).some(Boolean);
  return (
    <section>
      <div className="page-head">
        <h1>{t('admin.postbacks.title')}</h1>
        <span className="row-actions">
          <ExportCsvLink path="/api/admin/postbacks/export.csv" query={query} />
          <button type="button" onClick={list.reload} disabled={list.loading}>
            {list.loading ? t('admin.act.refreshing') : t('admin.act.refresh')}
          </button>
        </span>
      </div>
      <FilterForm
        label={t('admin.postbacks.filters')}
        values={filters}
        onApply={apply}
        fields={[
          ...pickers({ flow_id: ['flow', flows.data] }),
          { kind: 'text', key: 'click_id', label: t('admin.col.clickId') },
          {
            kind: 'select',
            key: 'answer_code',
            label: t('admin.postbacks.answer'),
            anyLabel: t('admin.clicks.any'),
            options: ANSWER_CODES.map((code) => ({ value: code, label: code })),
          },
          { kind: 'dates', from: 'from', to: 'to' },
        ]}
      />
      <DataTable
        caption={t('admin.postbacks.title')}
        columns={columns(setViewing, flows.data)}
        rowKey={(p) => p.id}
        rowClassName={(p) => (p.warnings.length > 0 ? 'row-warning' : undefined)}
        empty={tableEmpty(
          filtered ? t('admin.postbacks.noneMatch') : t('admin.postbacks.none'),
          filtered ? undefined : <p>{t('admin.postbacks.noneHint')}</p>,
        )}
        serverSort={sorting.table}
        {...pagedRows(list, page, (n) => apply(filters, n))}
      />
      <Dialog
        title={t('admin.postbacks.dialog')}
        open={viewing !== undefined}
        onClose={() => setViewing(undefined)}
        wide
      >
        {viewing && <PostbackView id={viewing} />}
      </Dialog>
    </section>
  );
}

function PostbackView({ id }: { id: string }) {
  const entry = useResource(`postback-${id}`, () => api.get<PostbackLogEntry>(`/api/admin/postbacks/${id}`));
  if (entry.error) return <ErrorNotice error={entry.error} onRetry={entry.reload} />;
  if (!entry.data) return <Loading />;
  const p = entry.data;
  return (
    <div className="dialog-body postback-view">
      <dl className="facts">
        <dt>{tr('admin.postbacks.received')}</dt>
        <dd>
          <DateTime iso={p.created_at} />{' '}
          {tr('admin.postbacks.receivedFrom', { ip: p.ip, ms: p.duration_ms })}
        </dd>
        <dt>{tr('admin.postbacks.request')}</dt>
        <dd>
          {p.method} {p.endpoint}
        </dd>
        <dt>{tr('admin.postbacks.answer')}</dt>
        <dd>
          <span className={answerClass(p.answer_status)}>
            {p.answer_status} {p.answer_code}
          </span>{' '}
          <PostbackWhy code={p.answer_code} message={p.message} />
        </dd>
        {p.lead_id && (
          <>
            <dt>{tr('admin.postbacks.lead')}</dt>
            <dd>
              <Link to={`/admin/leads/${p.lead_id}`}>{p.lead_id}</Link>
            </dd>
          </>
        )}
        {p.warnings.length > 0 && (
          <>
            <dt>{tr('admin.postbacks.warningsTitle')}</dt>
            <dd>
              <PostbackWarnings warnings={p.warnings} codes={p.warning_codes} />
            </dd>
          </>
        )}
        {p.unknown_params.length > 0 && (
          <>
            <dt>{tr('admin.postbacks.unknownParams')}</dt>
            <dd>{p.unknown_params.join(', ')}</dd>
          </>
        )}
      </dl>
      <h3>{tr('admin.postbacks.parameters')}</h3>
      <pre className="payload">{JSON.stringify(p.params, null, 2)}</pre>
      <h3>{tr('admin.postbacks.changes')}</h3>
      <pre className="payload">{JSON.stringify(p.changes, null, 2)}</pre>
    </div>
  );
}
