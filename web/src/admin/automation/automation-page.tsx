import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { Dialog } from '../../components/dialog';
import { ErrorNotice, Notice } from '../../components/notice';
import { useSectionTabs, withView } from '../../components/section-tabs';
import { DateTime } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { api, type Page } from '../../lib/api';
import { ACTION_LABELS, describeCondition } from '../../lib/automation-form';
import { readPage, toQueryString } from '../../lib/query-string';
import { PER_PAGE } from '../../lib/table-state';
import type { AdminNotification, AutomationRule, AutomationRun } from '../../lib/types';
import { RuleForm } from './rule-form';
import { RunView } from './run-view';

const SECTIONS = [
  ['rules', 'Rules'],
  ['runs', 'Runs log'],
  ['notifications', 'Notifications'],
] as const;

/** Seed 000 "Automation Rules": rules that act when a metric crosses a threshold, their runs and alerts. */
export function AutomationPage() {
  usePageTitle('Automation');
  const { current, tabs } = useSectionTabs(SECTIONS);
  return (
    <section>
      <h1>Automation</h1>
      {tabs}
      {current === 'rules' && <Rules />}
      {current === 'runs' && <Runs />}
      {current === 'notifications' && <Notifications />}
    </section>
  );
}

function usePagedList<T>(name: string, path: string) {
  const [params, setParams] = useSearchParams();
  const page = readPage(params);
  const query = { page, per_page: PER_PAGE };
  const list = useResource(`${name}${toQueryString(query)}`, () => api.get<Page<T>>(path, query));
  const paging = pagedRows(list, page, (n) => setParams(withView(params, toQueryString({ page: n }))));
  return { list, paging };
}

function Rules() {
  const { list, paging } = usePagedList<AutomationRule>('automation-rules', '/api/admin/automation/rules');
  const [editing, setEditing] = useState<AutomationRule | 'new'>();
  const [result, setResult] = useState<AutomationRun>();
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState<string>();

  async function run(rule: AutomationRule, dryRun: boolean) {
    if (!dryRun && !window.confirm(`Run "${rule.name}" now? Its actions will be applied.`)) return;
    setFailure(undefined);
    setBusy(rule.id);
    try {
      setResult(
        await api.post<AutomationRun>(`/api/admin/automation/rules/${rule.id}/run`, { dry_run: dryRun }),
      );
      if (!dryRun) list.reload();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(undefined);
    }
  }

  async function remove(rule: AutomationRule) {
    if (!window.confirm(`Delete "${rule.name}"? Its runs stay in the log.`)) return;
    setFailure(undefined);
    try {
      await api.delete(`/api/admin/automation/rules/${rule.id}`);
      setDone(`Deleted "${rule.name}".`);
      list.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  const columns: Column<AutomationRule>[] = [
    { key: 'name', header: 'Name', render: (r) => r.name },
    { key: 'condition', header: 'Condition', render: (r) => describeCondition(r) },
    { key: 'scope', header: 'Scope', render: (r) => (r.target_id ? `${r.scope} ${r.target_id}` : r.scope) },
    {
      key: 'actions',
      header: 'Actions',
      render: (r) => r.actions.map((a) => ACTION_LABELS[a.type] ?? a.type).join(', '),
    },
    {
      key: 'enabled',
      header: 'Status',
      render: (r) => (
        <span className={r.enabled ? 'badge badge-active' : 'badge badge-paused'}>
          {r.enabled ? 'enabled' : 'disabled'}
        </span>
      ),
    },
    { key: 'schedule', header: 'Schedule', render: (r) => <code>{r.schedule}</code> },
    {
      key: 'next',
      header: 'Next run',
      render: (r) => (r.next_run_at ? <DateTime iso={r.next_run_at} /> : '—'),
    },
    {
      key: 'buttons',
      header: '',
      render: (r) => (
        <span className="row-actions no-wrap">
          <button
            type="button"
            className="button-small"
            disabled={busy === r.id}
            onClick={() => run(r, true)}
          >
            Dry run<span className="sr-only"> {r.name}</span>
          </button>
          <button
            type="button"
            className="button-small"
            disabled={busy === r.id}
            onClick={() => run(r, false)}
          >
            Run now<span className="sr-only"> {r.name}</span>
          </button>
          <button type="button" className="button-small" onClick={() => setEditing(r)}>
            Edit<span className="sr-only"> {r.name}</span>
          </button>
          <button type="button" className="button-small" onClick={() => remove(r)}>
            Delete<span className="sr-only"> {r.name}</span>
          </button>
        </span>
      ),
    },
  ];

  return (
    <>
      <div className="page-head">
        <h2>Rules</h2>
        <button type="button" className="button-primary" onClick={() => setEditing('new')}>
          + New Rule
        </button>
      </div>
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <DataTable
        caption="Automation rules"
        columns={columns}
        rowKey={(r) => r.id}
        empty={tableEmpty(
          'No rules yet.',
          <p>A rule watches approval %, fraud rate, cap used or EPC and acts.</p>,
        )}
        {...paging}
      />
      <Dialog
        title={editing === 'new' ? 'New rule' : 'Edit rule'}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
        wide
      >
        {editing !== undefined && (
          <RuleForm
            rule={editing === 'new' ? undefined : editing}
            onSaved={(saved) => {
              setEditing(undefined);
              setDone(`Saved "${saved.name}".`);
              list.reload();
            }}
          />
        )}
      </Dialog>
      <Dialog
        title={result?.trigger === 'dry_run' ? 'Dry run — nothing was changed' : 'Run result'}
        open={result !== undefined}
        onClose={() => setResult(undefined)}
        wide
      >
        {result && (
          <div className="dialog-body">
            <RunView run={result} />
          </div>
        )}
      </Dialog>
    </>
  );
}

function Runs() {
  const { paging } = usePagedList<AutomationRun>('automation-runs', '/api/admin/automation/runs');
  const [viewing, setViewing] = useState<AutomationRun>();
  const columns: Column<AutomationRun>[] = [
    { key: 'time', header: 'Started', render: (r) => <DateTime iso={r.started_at} /> },
    { key: 'rule', header: 'Rule', render: (r) => r.rule_name ?? `#${r.rule_id} (deleted)` },
    { key: 'trigger', header: 'Trigger', render: (r) => r.trigger },
    {
      key: 'status',
      header: 'Status',
      render: (r) => (
        <span className={r.status === 'ok' ? 'badge badge-approved' : 'badge badge-failed'}>{r.status}</span>
      ),
    },
    {
      key: 'matched',
      header: 'Matched',
      render: (r) => `${r.evaluated.filter((e) => e.matched).length} of ${r.evaluated.length}`,
    },
    {
      key: 'did',
      header: 'Did',
      render: (r) => {
        const done = r.actions.filter((a) => a.done);
        return (
          <span className="truncate" title={done.map((a) => a.detail).join('; ')}>
            {done.length ? done.map((a) => a.detail).join('; ') : 'nothing'}
          </span>
        );
      },
    },
    {
      key: 'view',
      header: '',
      render: (r) => (
        <button type="button" className="button-small" onClick={() => setViewing(r)}>
          View<span className="sr-only"> run {r.id}</span>
        </button>
      ),
    },
  ];
  return (
    <>
      <h2>Runs log</h2>
      <DataTable
        caption="Automation runs"
        columns={columns}
        rowKey={(r) => r.id ?? r.started_at}
        empty={tableEmpty('No runs yet.', <p>Each scheduled or manual run is logged with what it did.</p>)}
        {...paging}
      />
      <Dialog title="Run" open={viewing !== undefined} onClose={() => setViewing(undefined)} wide>
        {viewing && (
          <div className="dialog-body">
            <RunView run={viewing} />
          </div>
        )}
      </Dialog>
    </>
  );
}

function Notifications() {
  const { list, paging } = usePagedList<AdminNotification>('notifications', '/api/admin/notifications');
  const [failure, setFailure] = useState<unknown>();
  async function mark(path: string) {
    setFailure(undefined);
    try {
      await api.post(path);
      list.reload();
    } catch (error) {
      setFailure(error);
    }
  }
  const columns: Column<AdminNotification>[] = [
    { key: 'time', header: 'Time', render: (n) => <DateTime iso={n.created_at} /> },
    {
      key: 'title',
      header: 'Alert',
      render: (n) => (n.read_at ? n.title : <strong>{n.title}</strong>),
    },
    {
      key: 'read',
      header: '',
      render: (n) =>
        n.read_at ? (
          <span className="muted">read</span>
        ) : (
          <button
            type="button"
            className="button-small"
            onClick={() => mark(`/api/admin/notifications/${n.id}/read`)}
          >
            Mark read
          </button>
        ),
    },
    {
      key: 'message',
      header: 'Details',
      render: (n) => (
        <span className="truncate" title={n.message}>
          {n.message}
        </span>
      ),
    },
  ];
  return (
    <>
      <div className="page-head">
        <h2>Notifications</h2>
        <button type="button" onClick={() => mark('/api/admin/notifications/read-all')}>
          Mark all read
        </button>
      </div>
      {failure ? <ErrorNotice error={failure} /> : null}
      <DataTable
        caption="Admin notifications"
        columns={columns}
        rowKey={(n) => n.id}
        empty={tableEmpty('No notifications.', <p>Rules with the alert_admin action post here.</p>)}
        {...paging}
      />
    </>
  );
}
