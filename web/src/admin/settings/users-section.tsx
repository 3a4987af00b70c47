import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/badge';
import { type Column, DataTable, tableEmpty } from '../../components/data-table';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { ErrorNotice, Notice } from '../../components/notice';
import { DateTime } from '../../components/time-zone';
import { useResource } from '../../hooks/use-resource';
import { tr } from '../../i18n';
import { labelsOf } from '../../i18n/labels';
import { ApiError, api, errorMessage } from '../../lib/api';
import type { AdminAccount } from '../../lib/types';
import { isEmail } from '../../lib/validate';
import { useAccess } from '../access';
import { useAllAdvertisers, useAllPublishers } from '../lookups';

interface Draft {
  email: string;
  name: string;
  password: string;
  role: string;
}
const EMPTY: Draft = { email: '', name: '', password: '', role: 'admin' };

/** auth/permissions.ts ROLES, in the words docs/users-and-roles.md "Roles" uses. */
export const ROLE_LABELS: Readonly<Record<string, string>> = labelsOf(
  ['owner', 'admin', 'account_manager', 'finance', 'analyst'],
  'setup.users.roles',
);

function problemsOf(draft: Draft): Partial<Draft> {
  // role is chosen from a list: never a problem.
  const problems: Partial<Draft> = {};
  if (!isEmail(draft.email.trim())) problems.email = tr('setup.users.needEmail');
  if (draft.password.length < 8) problems.password = tr('setup.users.needPassword');
  return problems;
}

/** Admin users: who may sign in to this panel; add one, disable or enable them. */
export function UsersSection({ meId }: { meId: string | undefined }) {
  const { t } = useTranslation();
  // Only owners manage users; admins see the list.
  const canManage = useAccess().can('POST /api/admin/users');
  const [assigning, setAssigning] = useState<AdminAccount>();
  const users = useResource('admin-users', () => api.get<{ data: AdminAccount[] }>('/api/admin/users'));
  const [draft, setDraft] = useState(EMPTY);
  const [problems, setProblems] = useState<Partial<Draft>>({});
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const set = (key: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  async function create(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    setDone(undefined);
    const found = problemsOf(draft);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    try {
      const user = await api.post<AdminAccount>('/api/admin/users', {
        email: draft.email.trim(),
        name: draft.name.trim(),
        password: draft.password,
        role: draft.role,
      });
      setDone(t('setup.users.added', { email: user.email }));
      setDraft(EMPTY);
      users.reload();
    } catch (error) {
      if (error instanceof ApiError && (error.field === 'email' || error.field === 'password')) {
        setProblems({ [error.field]: errorMessage(error) });
      } else setFailure(error);
    }
  }

  async function changeRole(user: AdminAccount, role: string) {
    setFailure(undefined);
    setDone(undefined);
    try {
      await api.put(`/api/admin/users/${user.id}/role`, { role });
      setDone(t('setup.users.roleChanged', { email: user.email, role: ROLE_LABELS[role] ?? role }));
      users.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  async function toggle(user: AdminAccount) {
    const action = user.disabled ? 'enable' : 'disable';
    if (action === 'disable' && !window.confirm(t('setup.users.askDisable', { email: user.email }))) return;
    setFailure(undefined);
    setDone(undefined);
    try {
      await api.post(`/api/admin/users/${user.id}/${action}`);
      setDone(t(`setup.users.${action}d`, { email: user.email }));
      users.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  const columns: Column<AdminAccount>[] = [
    { key: 'email', header: t('admin.col.email'), render: (u) => u.email, sortValue: (u) => u.email },
    { key: 'name', header: t('admin.col.name'), render: (u) => <span translate="no">{u.name || '—'}</span> },
    {
      key: 'role',
      header: t('setup.users.role'),
      render: (u) =>
        canManage && u.id !== meId ? (
          <select
            value={u.role}
            onChange={(e) => changeRole(u, e.target.value)}
            aria-label={t('setup.users.roleOf', { email: u.email })}
          >
            {Object.entries(ROLE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        ) : (
          (ROLE_LABELS[u.role] ?? u.role)
        ),
    },
    {
      key: 'assigned',
      header: t('setup.users.assigned'),
      render: (u) =>
        u.role !== 'account_manager' ? (
          <span className="muted">{t('setup.users.all')}</span>
        ) : (
          <>
            {t('setup.users.advertisers', { count: u.advertiser_ids?.length ?? 0 })},{' '}
            {t('setup.users.publishers', { count: u.publisher_ids?.length ?? 0 })}{' '}
            {canManage && (
              <button
                type="button"
                className="button-small"
                onClick={() => setAssigning(u)}
                aria-label={t('setup.users.assignTo', { email: u.email })}
              >
                {t('setup.users.assign')}
              </button>
            )}
          </>
        ),
    },
    {
      key: 'status',
      header: t('admin.col.status'),
      render: (u) => <Badge value={u.disabled ? 'disabled' : 'active'} />,
    },
    {
      key: 'created',
      header: t('setup.users.addedCol'),
      render: (u) => <DateTime iso={u.created_at} />,
      sortValue: (u) => u.created_at,
    },
    {
      key: 'actions',
      header: '',
      render: (u) =>
        u.id === meId ? (
          <span className="muted">{t('setup.users.you')}</span>
        ) : !canManage ? null : (
          <button
            type="button"
            className="button-small"
            onClick={() => toggle(u)}
            aria-label={t(u.disabled ? 'setup.users.enableOf' : 'setup.users.disableOf', { email: u.email })}
          >
            {u.disabled ? t('setup.users.enable') : t('setup.users.disable')}
          </button>
        ),
    },
  ];

  return (
    <div className="settings-block">
      <h2>{t('setup.users.title')}</h2>
      {canManage && (
        <form
          className="form inline-form"
          onSubmit={create}
          noValidate
          aria-label={t('setup.users.addTitle')}
        >
          <Field label={t('admin.col.email')} error={problems.email} required>
            {(c) => (
              <input {...c} type="email" value={draft.email} onChange={set('email')} autoComplete="off" />
            )}
          </Field>
          <Field label={t('admin.col.name')}>
            {(c) => <input {...c} value={draft.name} onChange={set('name')} maxLength={200} />}
          </Field>
          <Field label={t('setup.users.password')} error={problems.password} required>
            {(c) => (
              <input
                {...c}
                type="password"
                value={draft.password}
                onChange={set('password')}
                autoComplete="new-password"
              />
            )}
          </Field>
          <Field label={t('setup.users.role')}>
            {(c) => (
              <select {...c} value={draft.role} onChange={set('role')}>
                {Object.entries(ROLE_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" className="button-primary">
            {t('setup.users.add')}
          </button>
        </form>
      )}
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <DataTable
        caption={t('setup.users.title')}
        columns={columns}
        rows={users.data?.data}
        rowKey={(u) => u.id}
        loading={users.loading}
        error={users.error}
        onRetry={users.reload}
        empty={tableEmpty(t('setup.users.empty'))}
      />
      <Dialog
        title={assigning ? t('setup.users.assignedTo', { email: assigning.email }) : t('setup.users.assign')}
        open={assigning !== undefined}
        onClose={() => setAssigning(undefined)}
      >
        {assigning && (
          <AssignmentsForm
            user={assigning}
            onSaved={(saved) => {
              setAssigning(undefined);
              setDone(
                t('setup.users.manages', {
                  email: saved.email,
                  advertisers: t('setup.users.advertisers', { count: saved.advertiser_ids?.length ?? 0 }),
                  publishers: t('setup.users.publishers', { count: saved.publisher_ids?.length ?? 0 }),
                }),
              );
              users.reload();
            }}
          />
        )}
      </Dialog>
    </div>
  );
}

/** An account manager's advertisers and publishers: they see and change these and nothing else. */
function AssignmentsForm({ user, onSaved }: { user: AdminAccount; onSaved: (user: AdminAccount) => void }) {
  const { t } = useTranslation();
  const advertisers = useAllAdvertisers();
  const publishers = useAllPublishers();
  const [advertiserIds, setAdvertiserIds] = useState(user.advertiser_ids ?? []);
  const [publisherIds, setPublisherIds] = useState(user.publisher_ids ?? []);
  const [failure, setFailure] = useState<unknown>();
  const chosen = (e: { target: HTMLSelectElement }) => Array.from(e.target.selectedOptions, (o) => o.value);
  async function save(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    try {
      onSaved(
        await api.put<AdminAccount>(`/api/admin/users/${user.id}/assignments`, {
          advertiser_ids: advertiserIds,
          publisher_ids: publisherIds,
        }),
      );
    } catch (error) {
      setFailure(error);
    }
  }
  return (
    <form className="form dialog-body" onSubmit={save} aria-label={t('setup.users.assignments')}>
      <Field label={t('setup.users.advertisersLabel')}>
        {(c) => (
          <select
            {...c}
            multiple
            size={6}
            value={advertiserIds}
            onChange={(e) => setAdvertiserIds(chosen(e))}
          >
            {advertisers.data?.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} (#{a.id})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('setup.users.publishersLabel')}>
        {(c) => (
          <select {...c} multiple size={6} value={publisherIds} onChange={(e) => setPublisherIds(chosen(e))}>
            {publishers.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} (#{p.id})
              </option>
            ))}
          </select>
        )}
      </Field>
      {failure ? <ErrorNotice error={failure} /> : null}
      <button type="submit" className="button-primary">
        {t('setup.users.saveAssignments')}
      </button>
    </form>
  );
}
