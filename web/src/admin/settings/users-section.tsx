import { type FormEvent, useState } from 'react';
import { Badge } from '../../components/badge';
import { type Column, DataTable, tableEmpty } from '../../components/data-table';
import { Field } from '../../components/field';
import { ErrorNotice, Notice } from '../../components/notice';
import { DateTime } from '../../components/time-zone';
import { useResource } from '../../hooks/use-resource';
import { ApiError, api } from '../../lib/api';
import type { AdminAccount } from '../../lib/types';
import { isEmail } from '../../lib/validate';

interface Draft {
  email: string;
  name: string;
  password: string;
}
const EMPTY: Draft = { email: '', name: '', password: '' };

function problemsOf(draft: Draft): Partial<Draft> {
  const problems: Partial<Draft> = {};
  if (!isEmail(draft.email.trim())) problems.email = 'An email address, e.g. ops@example.com';
  if (draft.password.length < 8) problems.password = 'At least 8 characters';
  return problems;
}

/** Admin users: who may sign in to this panel; add one, disable or enable them. */
export function UsersSection({ meId }: { meId: string | undefined }) {
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
      });
      setDone(`${user.email} can now sign in.`);
      setDraft(EMPTY);
      users.reload();
    } catch (error) {
      if (error instanceof ApiError && (error.field === 'email' || error.field === 'password')) {
        setProblems({ [error.field]: error.message });
      } else setFailure(error);
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
        ) : (
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
        <button type="submit" className="button-primary">
          + Add user
        </button>
      </form>
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
    </div>
  );
}
