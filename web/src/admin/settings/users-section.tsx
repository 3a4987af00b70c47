import { type FormEvent, useState } from 'react';
import { Badge } from '../../components/badge';
import { type Column, DataTable, tableEmpty } from '../../components/data-table';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { ErrorNotice, Notice } from '../../components/notice';
import { DateTime } from '../../components/time-zone';
import { useResource } from '../../hooks/use-resource';
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
export const ROLE_LABELS: Readonly<Record<string, string>> = {
  owner: 'Owner',
  admin: 'Admin',
  account_manager: 'Account manager',
  finance: 'Finance',
  analyst: 'Analyst',
};

function problemsOf(draft: Draft): Partial<Draft> {
  // role is chosen from a list: never a problem.
  const problems: Partial<Draft> = {};
  if (!isEmail(draft.email.trim())) problems.email = 'An email address, e.g. ops@example.com';
  if (draft.password.length < 8) problems.password = 'At least 8 characters';
  return problems;
}

/** Admin users: who may sign in to this panel; add one, disable or enable them. */
export function UsersSection({ meId }: { meId: string | undefined }) {
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
      setDone(`${user.email} can now sign in.`);
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
      setDone(`${user.email} is now ${ROLE_LABELS[role] ?? role}.`);
      users.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  async function toggle(user: AdminAccount) {
    const action = user.disabled ? 'enable' : 'disable';
    if (action === 'disable' && !window.confirm(`Disable ${user.email}? Their sessions end at once.`)) return;
    setFailure(undefined);
    setDone(undefined);
    try {
      await api.post(`/api/admin/users/${user.id}/${action}`);
      setDone(`${user.email} is ${action}d.`);
      users.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  const columns: Column<AdminAccount>[] = [
    { key: 'email', header: 'Email', render: (u) => u.email, sortValue: (u) => u.email },
    { key: 'name', header: 'Name', render: (u) => u.name || '—' },
    {
      key: 'role',
      header: 'Role',
      render: (u) =>
        canManage && u.id !== meId ? (
          <select
            value={u.role}
            onChange={(e) => changeRole(u, e.target.value)}
            aria-label={`Role of ${u.email}`}
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
      header: 'Assigned',
      render: (u) =>
        u.role !== 'account_manager' ? (
          <span className="muted">all</span>
        ) : (
          <>
            {u.advertiser_ids?.length ?? 0} advertisers, {u.publisher_ids?.length ?? 0} publishers{' '}
            {canManage && (
              <button
                type="button"
                className="button-small"
                onClick={() => setAssigning(u)}
                aria-label={`Assign advertisers and publishers to ${u.email}`}
              >
                Assign
              </button>
            )}
          </>
        ),
    },
    {
      key: 'status',
      header: 'Status',
      render: (u) => <Badge value={u.disabled ? 'disabled' : 'active'} />,
    },
    {
      key: 'created',
      header: 'Added',
      render: (u) => <DateTime iso={u.created_at} />,
      sortValue: (u) => u.created_at,
    },
    {
      key: 'actions',
      header: '',
      render: (u) =>
        u.id === meId ? (
          <span className="muted">you</span>
        ) : !canManage ? null : (
          <button
            type="button"
            className="button-small"
            onClick={() => toggle(u)}
            aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.email}`}
          >
            {u.disabled ? 'Enable' : 'Disable'}
          </button>
        ),
    },
  ];

  return (
    <div className="settings-block">
      <h2>Admin users</h2>
      {canManage && (
        <form className="form inline-form" onSubmit={create} noValidate aria-label="Add an admin user">
          <Field label="Email" error={problems.email} required>
            {(c) => (
              <input {...c} type="email" value={draft.email} onChange={set('email')} autoComplete="off" />
            )}
          </Field>
          <Field label="Name">
            {(c) => <input {...c} value={draft.name} onChange={set('name')} maxLength={200} />}
          </Field>
          <Field label="Password" error={problems.password} required>
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
          <Field label="Role">
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
            + Add user
          </button>
        </form>
      )}
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <DataTable
        caption="Admin users"
        columns={columns}
        rows={users.data?.data}
        rowKey={(u) => u.id}
        loading={users.loading}
        error={users.error}
        onRetry={users.reload}
        empty={tableEmpty('No admin users.')}
      />
      <Dialog
        title={assigning ? `Assigned to ${assigning.email}` : 'Assign'}
        open={assigning !== undefined}
        onClose={() => setAssigning(undefined)}
      >
        {assigning && (
          <AssignmentsForm
            user={assigning}
            onSaved={(saved) => {
              setAssigning(undefined);
              setDone(
                `${saved.email} now manages ${saved.advertiser_ids?.length ?? 0} advertisers and ${saved.publisher_ids?.length ?? 0} publishers.`,
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
    <form className="form dialog-body" onSubmit={save} aria-label="Assignments">
      <Field label="Advertisers">
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
      <Field label="Publishers">
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
        Save assignments
      </button>
    </form>
  );
}
