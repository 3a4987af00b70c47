import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();

  async function act(work: () => Promise<string>) {
    setFailure(undefined);
    setDone(undefined);
    try {
      setDone(await work());
    } catch (error) {
      setFailure(error);
    }
  }

  const revoke = (row: SessionRow) =>
    act(async () => {
      await api.delete(`${base}/sessions/${row.id}`);
      return t('common.sessions.ended');
    });
  const revokeOthers = () =>
    act(async () => {
      const answer = await api.post<{ sessions_ended: number }>(`${base}/sessions/revoke-others`);
      return t('common.sessions.othersEnded', { count: answer.sessions_ended });
    });

  const columns: Column<SessionRow>[] = [
    {
      key: 'agent',
      header: t('common.sessions.browser'),
      render: (s) => (
        <span className="user-agent" title={s.user_agent ?? undefined}>
          {s.user_agent || '—'}
        </span>
      ),
    },
    { key: 'ip', header: t('common.sessions.address'), render: (s) => s.ip || '—' },
    { key: 'created', header: t('common.sessions.signedIn'), render: (s) => <DateTime iso={s.created_at} /> },
    {
      key: 'seen',
      header: t('common.sessions.lastSeen'),
      render: (s) => (s.last_seen_at ? <DateTime iso={s.last_seen_at} /> : '—'),
    },
    {
      key: 'actions',
      header: '',
      render: (s) =>
        s.current ? (
          <span className="muted">{t('common.sessions.this')}</span>
        ) : (
          <button
            type="button"
            className="button-small"
            onClick={() => revoke(s)}
            aria-label={t('common.sessions.endFrom', {
              ip: s.ip ?? t('common.sessions.unknownAddress'),
              agent: s.user_agent ?? t('common.sessions.unknownBrowser'),
            })}
          >
            {t('common.sessions.end')}
          </button>
        ),
    },
  ];

  const others = (sessions.data ?? []).filter((s) => !s.current).length;
  return (
    <section className="panel" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('common.sessions.title')}</h2>
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <DataTable
        caption={t('common.sessions.yours')}
        columns={columns}
        rows={sessions.data}
        rowKey={(s) => s.id}
        loading={sessions.loading}
        error={sessions.error}
        onRetry={sessions.reload}
        empty={tableEmpty(t('common.sessions.none'))}
      />
      {others > 0 && (
        <div className="form-actions">
          <button type="button" className="button-ghost" onClick={revokeOthers}>
            {t('common.sessions.endOthers')}
          </button>
        </div>
      )}
    </section>
  );
}
