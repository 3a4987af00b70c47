import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { Dialog } from '../../components/dialog';
import { ErrorNotice, Notice } from '../../components/notice';
import { useSectionTabs, withView } from '../../components/section-tabs';
import { DateTime } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { Coded } from '../../i18n/coded';
import { api, type Page } from '../../lib/api';
import { actionLabel, describeCondition } from '../../lib/automation-form';
import { readPage, toQueryString } from '../../lib/query-string';
import { PER_PAGE } from '../../lib/table-state';
import type { AdminNotification, AutomationRule, AutomationRun } from '../../lib/types';
import { notificationText } from './notification-text';
import { RuleForm } from './rule-form';
import { actionText, RunView } from './run-view';

/** Seed 000 "Automation Rules": rules that act when a metric crosses a threshold, their runs and alerts. */
export function AutomationPage() {
  const { t } = useTranslation();
  usePageTitle(t('traffic.automation.title'));
  const { current, tabs } = useSectionTabs([
    ['rules', t('traffic.automation.rules')],
    ['runs', t('traffic.automation.runs')],
    ['notifications', t('traffic.automation.notifications')],
  ] as const);
  return (
    <section>
      <h1>{t('traffic.automation.title')}</h1>
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
  const { t } = useTranslation();
  const { paging } = usePagedList<AutomationRule>('automation-rules', '/api/admin/automation/rules');
  const [editing, setEditing] = useState<AutomationRule | 'new'>();
  const [result, setResult] = useState<AutomationRun>();
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState<string>();

  async function run(rule: AutomationRule, dryRun: boolean) {
    if (!dryRun && !window.confirm(t('traffic.automation.runConfirm', { name: rule.name }))) return;
    setFailure(undefined);
    setBusy(rule.id);
    try {
      setResult(
        await api.post<AutomationRun>(
          // A dry run has its own path, so the query cache (which reads only paths) asks nothing again.
          `/api/admin/automation/rules/${rule.id}/${dryRun ? 'dry-run' : 'run'}`,
        ),
      );
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(undefined);
    }
  }

  async function remove(rule: AutomationRule) {
    if (!window.confirm(t('traffic.automation.deleteConfirm', { name: rule.name }))) return;
    setFailure(undefined);
    try {
      await api.delete(`/api/admin/automation/rules/${rule.id}`);
      setDone(t('traffic.automation.deleted', { name: rule.name }));
    } catch (error) {
      setFailure(error);
    }
  }

  const columns: Column<AutomationRule>[] = [
    { key: 'name', header: t('admin.col.name'), render: (r) => r.name },
    { key: 'condition', header: t('traffic.automation.condition_col'), render: (r) => describeCondition(r) },
    {
      key: 'scope',
      header: t('traffic.automation.scopeCol'),
      render: (r) => {
        const scope = t(`traffic.automation.scope.${r.scope}`, { defaultValue: r.scope });
        return r.target_id ? `${scope} ${r.target_id}` : scope;
      },
    },
    {
      key: 'actions',
      header: t('traffic.automation.actionsCol'),
      render: (r) => r.actions.map((a) => actionLabel(a.type)).join(', '),
    },
    {
      key: 'enabled',
      header: t('admin.col.status'),
      render: (r) => (
        <span className={r.enabled ? 'badge badge-active' : 'badge badge-paused'}>
          {r.enabled ? t('traffic.automation.on') : t('traffic.automation.off')}
        </span>
      ),
    },
    { key: 'schedule', header: t('traffic.automation.schedule'), render: (r) => <code>{r.schedule}</code> },
    {
      key: 'next',
      header: t('traffic.automation.nextRun'),
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
            {t('traffic.automation.dryRun')}
            <span className="sr-only"> {r.name}</span>
          </button>
          <button
            type="button"
            className="button-small"
            disabled={busy === r.id}
            onClick={() => run(r, false)}
          >
            {t('traffic.automation.runNow')}
            <span className="sr-only"> {r.name}</span>
          </button>
          <button type="button" className="button-small" onClick={() => setEditing(r)}>
            {t('admin.act.edit')}
            <span className="sr-only"> {r.name}</span>
          </button>
          <button type="button" className="button-small" onClick={() => remove(r)}>
            {t('admin.act.delete')}
            <span className="sr-only"> {r.name}</span>
          </button>
        </span>
      ),
    },
  ];

  return (
    <>
      <div className="page-head">
        <h2>{t('traffic.automation.rules')}</h2>
        <button type="button" className="button-primary" onClick={() => setEditing('new')}>
          {t('traffic.automation.newRule')}
        </button>
      </div>
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <DataTable
        caption={t('traffic.automation.rulesCaption')}
        columns={columns}
        rowKey={(r) => r.id}
        empty={tableEmpty(t('traffic.automation.noRules'), <p>{t('traffic.automation.noRulesHint')}</p>)}
        {...paging}
      />
      <Dialog
        title={editing === 'new' ? t('traffic.automation.newRuleTitle') : t('traffic.automation.editRule')}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
        wide
      >
        {editing !== undefined && (
          <RuleForm
            rule={editing === 'new' ? undefined : editing}
            onSaved={(saved) => {
              setEditing(undefined);
              setDone(t('traffic.automation.savedRule', { name: saved.name }));
            }}
          />
        )}
      </Dialog>
      <Dialog
        title={
          result?.trigger === 'dry_run'
            ? t('traffic.automation.dryRunTitle')
            : t('traffic.automation.runResult')
        }
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
  const { t } = useTranslation();
  const { paging } = usePagedList<AutomationRun>('automation-runs', '/api/admin/automation/runs');
  const [viewing, setViewing] = useState<AutomationRun>();
  const columns: Column<AutomationRun>[] = [
    { key: 'time', header: t('traffic.automation.started'), render: (r) => <DateTime iso={r.started_at} /> },
    {
      key: 'rule',
      header: t('traffic.automation.rule'),
      render: (r) => r.rule_name ?? t('traffic.automation.deletedRule', { id: r.rule_id }),
    },
    {
      key: 'trigger',
      header: t('traffic.automation.trigger'),
      render: (r) => t(`traffic.automation.triggers.${r.trigger}`, { defaultValue: r.trigger }),
    },
    {
      key: 'status',
      header: t('admin.col.status'),
      render: (r) => (
        <span className={r.status === 'ok' ? 'badge badge-approved' : 'badge badge-failed'}>
          {t(`traffic.automation.runStatus.${r.status}`, { defaultValue: r.status })}
        </span>
      ),
    },
    {
      key: 'matched',
      header: t('traffic.automation.matched'),
      render: (r) =>
        t('traffic.automation.matchedOf', {
          matched: r.evaluated.filter((e) => e.matched).length,
          count: r.evaluated.length,
        }),
    },
    {
      key: 'did',
      header: t('traffic.automation.did'),
      render: (r) => {
        const done = r.actions.filter((a) => a.done);
        return (
          <span className="truncate" title={done.map(actionText).join('; ')}>
            {done.length ? done.map(actionText).join('; ') : t('traffic.automation.nothing')}
          </span>
        );
      },
    },
    {
      key: 'view',
      header: '',
      render: (r) => (
        <button type="button" className="button-small" onClick={() => setViewing(r)}>
          {t('traffic.automation.view')}
          <span className="sr-only"> {t('traffic.automation.runN', { id: r.id })}</span>
        </button>
      ),
    },
  ];
  return (
    <>
      <h2>{t('traffic.automation.runs')}</h2>
      <DataTable
        caption={t('traffic.automation.runsCaption')}
        columns={columns}
        rowKey={(r) => r.id ?? r.started_at}
        empty={tableEmpty(t('traffic.automation.noRuns'), <p>{t('traffic.automation.noRunsHint')}</p>)}
        {...paging}
      />
      <Dialog
        title={t('traffic.automation.run')}
        open={viewing !== undefined}
        onClose={() => setViewing(undefined)}
        wide
      >
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
  const { t } = useTranslation();
  const { paging } = usePagedList<AdminNotification>('notifications', '/api/admin/notifications');
  const [failure, setFailure] = useState<unknown>();
  async function mark(path: string) {
    setFailure(undefined);
    try {
      await api.post(path);
    } catch (error) {
      setFailure(error);
    }
  }
  const columns: Column<AdminNotification>[] = [
    { key: 'time', header: t('admin.col.time'), render: (n) => <DateTime iso={n.created_at} /> },
    {
      key: 'title',
      header: t('traffic.automation.alert'),
      render: (n) => {
        const { title } = notificationText(n);
        return n.read_at ? title : <strong>{title}</strong>;
      },
    },
    {
      key: 'read',
      header: '',
      render: (n) =>
        n.read_at ? (
          <span className="muted">{t('traffic.automation.read')}</span>
        ) : (
          <button
            type="button"
            className="button-small"
            onClick={() => mark(`/api/admin/notifications/${n.id}/read`)}
          >
            {t('traffic.automation.markRead')}
          </button>
        ),
    },
    {
      key: 'message',
      header: t('traffic.automation.details'),
      render: (n) => {
        const { message } = notificationText(n);
        return (
          <span className="truncate" title={message}>
            {message}
          </span>
        );
      },
    },
  ];
  return (
    <>
      <div className="page-head">
        <h2>{t('traffic.automation.notifications')}</h2>
        <button type="button" onClick={() => mark('/api/admin/notifications/read-all')}>
          {t('traffic.automation.markAllRead')}
        </button>
      </div>
      {failure ? <ErrorNotice error={failure} /> : null}
      <DataTable
        caption={t('traffic.automation.notificationsCaption')}
        columns={columns}
        rowKey={(n) => n.id}
        empty={tableEmpty(
          t('traffic.automation.noNotifications'),
          <p>
            <Coded k="traffic.automation.noNotificationsHint" />
          </p>,
        )}
        {...paging}
      />
    </>
  );
}
