import { useState } from 'react';
import { type Column, DataTable, tableEmpty } from '../../components/data-table';
import { ErrorNotice, Notice } from '../../components/notice';
import { DateTime } from '../../components/time-zone';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';

interface SessionRow {
  id: string;
  created_at: string;
  last_seen_at: string | null;
  ip: string | null;
  user_agent: string | null;
  current: boolean;
}

/**
 * Where I am signed in: opened, last seen, address, browser; end one, or all but this one. The
 * buttons say "End", not "Sign out", so they are not taken for the shell's own Sign out.
 */
export function SessionsPanel({ base, version = 0 }: { base: string; version?: number }) {
  const sessions = useResource(`${base}/sessions#${version}`, () =>
    api.get<{ data: SessionRow[] }>(`${base}/sessions`).then((r) => r.data),
  );
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();

  async function act(work: () => Promise<string>) {
    setFailure(undefined);
    setDone(undefined);
    try {
      setDone(await work());
      sessions.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  const revoke = (row: SessionRow) =>
    act(async () => {
      await api.delete(`${base}/sessions/${row.id}`);
      return 'Session ended.';
    });
  const revokeOthers = () =>
    act(async () => {
      const answer = await api.post<{ sessions_ended: number }>(`${base}/sessions/revoke-others`);
      return `${answer.sessions_ended} other session${answer.sessions_ended === 1 ? '' : 's'} ended.`;
    });

  const columns: Column<SessionRow>[] = [
    {
      key: 'agent',
      header: 'Browser',
      render: (s) => (
        <span className="user-agent" title={s.user_agent ?? undefined}>
          {s.user_agent || '—'}
        </span>
      ),
    },
    { key: 'ip', header: 'Address', render: (s) => s.ip || '—' },
    { key: 'created', header: 'Signed in', render: (s) => <DateTime iso={s.created_at} /> },
    {
      key: 'seen',
      header: 'Last seen',
      render: (s) => (s.last_seen_at ? <DateTime iso={s.last_seen_at} /> : '—'),
    },
    {
      key: 'actions',
      header: '',
      render: (s) =>
        s.current ? (
          <span className="muted">this session</span>
        ) : (
          <button
            type="button"
            className="button-small"
            onClick={() => revoke(s)}
            aria-label={`End the session from ${s.ip ?? 'an unknown address'} (${s.user_agent ?? 'unknown browser'})`}
          >
            End
          </button>
        ),
    },
  ];

  const others = (sessions.data ?? []).filter((s) => !s.current).length;
  return (
    <section className="panel" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions</h2>
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <DataTable
        caption="Your sessions"
        columns={columns}
        rows={sessions.data}
        rowKey={(s) => s.id}
        loading={sessions.loading}
        error={sessions.error}
        onRetry={sessions.reload}
        empty={tableEmpty('No sessions.')}
      />
      {others > 0 && (
        <div className="form-actions">
          <button type="button" className="button-ghost" onClick={revokeOthers}>
            End all other sessions
          </button>
        </div>
      )}
    </section>
  );
}
