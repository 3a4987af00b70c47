import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { DateInput } from '../../components/date-input';
import { Field } from '../../components/field';
import { DateTime } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { i18next, tr } from '../../i18n';
import { api, type Page } from '../../lib/api';
import { toQueryString } from '../../lib/query-string';
import type { AdminAccount } from '../../lib/types';

/** GET /api/admin/audit-log (src/modules/audit/routes.ts). */
export interface AuditEntry {
  id: string;
  created_at: string;
  user_id: string | null;
  user_email: string;
  ip: string;
  route: string;
  object_type: string;
  object_id: string | null;
  action: string;
  before: unknown;
  after: unknown;
}

interface Filters {
  user_id: string;
  object_type: string;
  object_id: string;
  from: string;
  to: string;
}
const EMPTY: Filters = { user_id: '', object_type: '', object_id: '', from: '', to: '' };

/** Day inputs are UTC days: `to` includes its whole day. */
function apiQuery(filters: Filters, page: number) {
  const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();
  return {
    user_id: filters.user_id,
    object_type: filters.object_type,
    object_id: filters.object_id,
    from: filters.from ? `${filters.from}T00:00:00.000Z` : undefined,
    to: filters.to ? nextDay(filters.to) : undefined,
    page: page > 1 ? page : undefined,
  };
}

const COLUMNS: Column<AuditEntry>[] = [
  {
    key: 'time',
    get header() {
      return tr('admin.col.time');
    },
    render: (e) => <DateTime iso={e.created_at} />,
  },
  {
    key: 'user',
    get header() {
      return tr('admin.audit.user');
    },
    render: (e) => e.user_email,
  },
  {
    key: 'ip',
    get header() {
      return tr('admin.audit.address');
    },
    render: (e) => e.ip,
  },
  {
    key: 'action',
    get header() {
      return tr('admin.audit.action');
    },
    // Said in the reader's language by its stable code (create, update…); the code, as the API and
    // the CSV export give it, on hover and for an action the web app has no word for.
    render: (e) => {
      const key = `admin.audit.actions.${e.action}`;
      return i18next.exists(key) ? <span title={e.action}>{tr(key)}</span> : <code>{e.action}</code>;
    },
  },
  {
    key: 'object',
    get header() {
      return tr('admin.audit.object');
    },
    render: (e) => <code>{e.object_id ? `${e.object_type} #${e.object_id}` : e.object_type}</code>,
  },
  {
    key: 'route',
    get header() {
      return tr('admin.audit.request');
    },
    render: (e) => <code>{e.route}</code>,
  },
  {
    key: 'change',
    get header() {
      return tr('admin.audit.beforeAfter');
    },
    render: (e) => (
      <details>
        <summary>{tr('admin.audit.show')}</summary>
        <div className="audit-change">
          <figure>
            <figcaption>{tr('admin.audit.before')}</figcaption>
            <pre className="payload">{JSON.stringify(e.before, null, 2)}</pre>
          </figure>
          <figure>
            <figcaption>{tr('admin.audit.after')}</figcaption>
            <pre className="payload">{JSON.stringify(e.after, null, 2)}</pre>
          </figure>
        </div>
      </details>
    ),
  },
];

/** Every change made through the admin API: who, when, from where, the object before and after. */
export function AuditLogPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.audit.title'));
  const [draft, setDraft] = useState(EMPTY);
  const [filters, setFilters] = useState(EMPTY);
  const [page, setPage] = useState(1);
  const query = apiQuery(filters, page);
  const list = useResource(`audit${toQueryString(query)}`, () =>
    api.get<Page<AuditEntry> & { object_types: string[] }>('/api/admin/audit-log', query),
  );
  const users = useResource('audit-users', () => api.get<{ data: AdminAccount[] }>('/api/admin/users'));
  const set = (key: keyof Filters) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));
  function apply(event: FormEvent) {
    event.preventDefault();
    setFilters(draft);
    setPage(1);
  }
  const csv = `/api/admin/audit-log${toQueryString({ ...apiQuery(filters, 1), page: undefined, format: 'csv' })}`;
  const filtered = Object.values(filters).some(Boolean);
  return (
    <section>
      <div className="page-head">
        <h1>{t('admin.audit.title')}</h1>
        <a className="button" href={csv} download="audit-log.csv">
          {t('admin.audit.exportCsv')}
        </a>
      </div>
      <form className="form inline-form" onSubmit={apply} aria-label={t('admin.audit.filter')}>
        <Field label={t('admin.audit.user')}>
          {(c) => (
            <select {...c} value={draft.user_id} onChange={set('user_id')}>
              <option value="">{t('admin.audit.anyone')}</option>
              {users.data?.data.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.email}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('admin.audit.object')}>
          {(c) => (
            <select {...c} value={draft.object_type} onChange={set('object_type')}>
              <option value="">{t('admin.audit.any')}</option>
              {list.data?.object_types.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('admin.audit.objectId')}>
          {(c) => <input {...c} value={draft.object_id} onChange={set('object_id')} maxLength={64} />}
        </Field>
        <Field label={t('admin.audit.fromUtc')}>
          {(c) => <DateInput {...c} value={draft.from} onChange={set('from')} />}
        </Field>
        <Field label={t('admin.audit.toUtc')}>
          {(c) => <DateInput {...c} value={draft.to} onChange={set('to')} />}
        </Field>
        <button type="submit" className="button-primary">
          {t('admin.act.apply')}
        </button>
      </form>
      <DataTable
        caption={t('admin.audit.title')}
        columns={COLUMNS}
        rowKey={(e) => e.id}
        empty={tableEmpty(filtered ? t('admin.audit.noneMatch') : t('admin.audit.none'))}
        {...pagedRows(list, page, setPage)}
      />
    </section>
  );
}
