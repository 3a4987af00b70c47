import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/badge';
import { ErrorNotice, Notice } from '../../components/notice';
import { DateTime } from '../../components/time-zone';
import { api } from '../../lib/api';
import { ownWords, POSTBACK_EVENTS } from '../../lib/postback-form';
import { StatusWordsEditor } from './status-words-editor';

export interface Postback {
  id: string;
  offer_id: string | null;
  flow_id: string | null;
  preset: string;
  method: string;
  url: string;
  previous_url: string | null;
  url_effective_at: string;
  events: string[];
  status_words: Record<string, string>;
  status: string;
}

interface TestReply {
  url: string;
  method: string;
  body: string | null;
  outcome: string;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
  duration_ms: number;
}

/** One saved postback: its URL and events, a test send with the tracker's answer, its own words. */
export function PostbackRow({
  postback: p,
  scope,
  onDelete,
  onSaved,
}: {
  postback: Postback;
  scope: string;
  onDelete: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [event, setEvent] = useState(p.events[0] ?? 'lead');
  const [reply, setReply] = useState<TestReply>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [words, setWords] = useState<Record<string, string> | undefined>();
  const [wordsSaved, setWordsSaved] = useState(false);
  const pending = p.previous_url !== null && Date.parse(p.url_effective_at) > Date.now();
  const own = Object.entries(p.status_words ?? {});

  async function saveWords() {
    if (!words) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await api.patch(`/api/publisher/postbacks/${p.id}`, { status_words: ownWords(words, p.events) });
      setWords(undefined);
      setWordsSaved(true);
      onSaved();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  async function test() {
    setBusy(true);
    setFailure(undefined);
    try {
      setReply(await api.post<TestReply>(`/api/publisher/postbacks/${p.id}/test?event=${event}`));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <article className="postback-item" aria-label={t('portal.postbacks.item', { id: p.id })}>
      <p className="postback-url">
        <Badge value={p.status === 'active' ? 'active' : 'paused'} /> <strong>{p.method}</strong>{' '}
        <code>{p.url}</code>
      </p>
      <p className="cell-note">
        {p.preset !== 'custom' && `${p.preset} · `}
        {scope} · {t('portal.postbacks.eventsLower')}: {p.events.join(', ')}
        {own.length > 0 &&
          ` · ${t('portal.postbacks.wordsLower')}: ${own.map(([e, w]) => `${e}=${w}`).join(', ')}`}
      </p>
      {pending && (
        <p className="cell-note">
          {t('portal.postbacks.until')} <DateTime iso={p.url_effective_at} /> {t('portal.postbacks.stillGo')}{' '}
          <code>{p.previous_url}</code>.
        </p>
      )}
      <div className="row-actions">
        <select
          aria-label={t('portal.postbacks.testEvent')}
          value={event}
          onChange={(e) => setEvent(e.target.value)}
        >
          {POSTBACK_EVENTS.map((e) => (
            <option key={e} value={e}>
              {e}
            </option>
          ))}
        </select>
        <button type="button" className="button-small" onClick={test} disabled={busy}>
          {busy ? t('portal.market.sending') : t('portal.postbacks.sendTest')}
        </button>
        <button
          type="button"
          className="button-small button-ghost"
          aria-expanded={words !== undefined}
          onClick={() => {
            setWordsSaved(false);
            setWords(words ? undefined : { ...(p.status_words ?? {}) });
          }}
        >
          {t('portal.postbacks.statusWords')}
        </button>
        <button type="button" className="button-small button-ghost" onClick={onDelete}>
          {t('portal.postbacks.delete')}
        </button>
      </div>
      {wordsSaved && <Notice tone="success">{t('portal.postbacks.wordsSaved')}</Notice>}
      {words && (
        <div className="words-edit">
          <StatusWordsEditor preset={p.preset} events={p.events} words={words} onChange={setWords} />
          <button type="button" className="button-small" onClick={saveWords} disabled={busy}>
            {t('portal.postbacks.saveWords')}
          </button>
        </div>
      )}
      {failure ? <ErrorNotice error={failure} /> : null}
      {reply && (
        <div className="test-answer">
          <p className="cell-note">
            {t('portal.postbacks.sent', { method: reply.method, ms: reply.duration_ms })}{' '}
            {reply.response_status !== null
              ? `HTTP ${reply.response_status}`
              : (reply.error ?? reply.outcome)}
          </p>
          <pre className="payload">
            {reply.method} {reply.url}
            {reply.body ? `\n\n${reply.body}` : ''}
            {`\n\n— ${t('portal.postbacks.answer')} —\n${reply.response_body ?? reply.error ?? t('portal.postbacks.noBody')}`}
          </pre>
        </div>
      )}
    </article>
  );
}
