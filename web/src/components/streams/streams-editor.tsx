import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../../hooks/use-resource';
import { ApiError, api, errorMessage } from '../../lib/api';
import {
  type DraftStream,
  locateField,
  moveItem,
  newStream,
  type SimulateResult,
  type SplitTest,
  type Stream,
  toDraft,
  toStreamsBody,
} from '../../lib/streams';
import { ErrorNotice, Loading, Notice } from '../notice';
import { type Choice, StreamCard } from './stream-card';
import { StreamPreview } from './stream-preview';

interface Props {
  /** '/api/admin' or '/api/publisher': the same routes under both (docs/streams.md). */
  apiBase: string;
  flowId: string;
  offers: readonly Choice[];
  landings: readonly Choice[];
  /** Publishers cannot route to a URL (the API refuses it: no open redirect on our domain). */
  allowUrl: boolean;
  canSave: boolean;
  /** A publisher's preview leaves out the fraud checks, as the API does. */
  canPreview: boolean;
}

/**
 * The stream editor (issue 19): the flow's ordered streams, reordered by drag or keyboard, each with
 * a filter tree and weighted targets; Save sends the whole list in one PUT; the live preview runs
 * the unsaved list through simulate and marks the stream a sample visitor takes.
 */
export function StreamsEditor({ apiBase, flowId, offers, landings, allowUrl, canSave, canPreview }: Props) {
  const { t } = useTranslation();
  const path = `${apiBase}/flows/${flowId}`;
  const saved = useResource(`streams-${path}`, () => api.get<{ streams: Stream[] }>(`${path}/streams`));
  const split = useResource(`split-${path}`, () => api.get<SplitTest>(`${path}/split-test`));
  const [drafts, setDrafts] = useState<DraftStream[]>();
  const [dirty, setDirty] = useState(false);
  const [problem, setProblem] = useState<{ field?: string; message: string }>();
  const [failure, setFailure] = useState<unknown>();
  const [savedNote, setSavedNote] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [dragging, setDragging] = useState<number>();
  const [dropAt, setDropAt] = useState<number>();
  const [preview, setPreview] = useState<SimulateResult>();
  const listRef = useRef<HTMLOListElement>(null);

  // Loaded once; after a save the editor shows what the server answered.
  useEffect(() => {
    if (saved.data) setDrafts((current) => current ?? saved.data?.streams.map(toDraft));
  }, [saved.data]);

  if (saved.error && !saved.data) return <ErrorNotice error={saved.error} onRetry={saved.reload} />;
  if (!drafts) return <Loading what={t('streams.editor.loading')} />;

  const change = (next: DraftStream[], structural = false) => {
    setDrafts(next);
    setDirty(true);
    setSavedNote(undefined);
    // A refusal names streams by position: after a move, add or remove it would point at another one.
    if (structural) setProblem(undefined);
  };
  const body = toStreamsBody(drafts);

  const move = (from: number, to: number, how: 'keyboard' | 'drag') => {
    if (to < 0 || to >= drafts.length || from === to) return;
    const moved = drafts[from];
    change(moveItem(drafts, from, to), true);
    setAnnouncement(
      t('streams.editor.moved', { name: moved?.name || from + 1, position: to + 1, count: drafts.length }),
    );
    // The moved card's DOM node is re-inserted, which drops the focus: give it back to the same control.
    const active = document.activeElement as HTMLElement | null;
    const control = active?.dataset.move;
    if (how === 'keyboard' && moved && control)
      requestAnimationFrame(() => {
        const card = listRef.current?.querySelector(`[data-stream-key="${moved.key}"]`);
        const same = card?.querySelector<HTMLButtonElement>(`[data-move="${control}"]`);
        const target =
          same && !same.disabled ? same : card?.querySelector<HTMLElement>('[data-move="handle"]');
        target?.focus();
      });
  };

  async function save() {
    setFailure(undefined);
    setProblem(undefined);
    if (!drafts) return;
    const checked = toStreamsBody(drafts);
    if ('field' in checked) {
      setProblem(checked);
      return;
    }
    setSaving(true);
    try {
      const answer = await api.put<{ streams: Stream[] }>(`${path}/streams`, checked);
      setDrafts(answer.streams.map(toDraft));
      setDirty(false);
      setSavedNote(t('streams.editor.saved', { count: answer.streams.length }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 422)
        setProblem({ field: error.field, message: error.message });
      else setFailure(error);
    } finally {
      setSaving(false);
    }
  }

  /** A server (or browser) error is shown next to the field it names, and on top of the list. */
  const plain = problem?.message.replace(/^[\w[\].]+: /, '');
  const errorAt = (fieldPath: string): string | undefined =>
    problem?.field === fieldPath ? plain : undefined;
  const problemStream = locateField(problem?.field).stream;
  const stats = (armId: string | undefined) =>
    armId === undefined ? undefined : split.data?.streams.flatMap((s) => s.arms).find((a) => a.id === armId);

  return (
    <div className="streams-layout">
      <section className="streams-editor" aria-labelledby="streams-title">
        <div className="section-head">
          <h2 id="streams-title">{t('streams.editor.title')}</h2>
          {canSave && (
            <div className="form-actions">
              <button
                type="button"
                onClick={() =>
                  change(
                    [...drafts, newStream(t('streams.card.defaultName', { n: drafts.length + 1 }))],
                    true,
                  )
                }
              >
                {t('streams.editor.add')}
              </button>
              <button type="button" className="button-primary" onClick={save} disabled={saving || !dirty}>
                {saving ? t('streams.editor.saving') : t('streams.editor.save')}
              </button>
            </div>
          )}
        </div>
        <p className="hint">{t('streams.editor.hint')}</p>
        <p className="sr-only" aria-live="polite">
          {announcement}
        </p>
        {failure ? <ErrorNotice error={failure} /> : null}
        {problem && (
          <p className="notice notice-error" role="alert">
            {problemStream === undefined
              ? problem.message
              : t('streams.editor.problemAt', {
                  n: problemStream + 1,
                  name: drafts[problemStream]?.name ?? '',
                  problem: plain,
                })}
          </p>
        )}
        {savedNote && <Notice tone="success">{savedNote}</Notice>}
        {dirty && !savedNote && <p className="unsaved">{t('streams.editor.unsaved')}</p>}
        {drafts.length === 0 ? (
          <p className="muted">{t('streams.editor.none')}</p>
        ) : (
          <ol className="stream-list" ref={listRef}>
            {drafts.map((stream, i) => {
              const explained = preview?.streams[i];
              return (
                <StreamCard
                  key={stream.key}
                  stream={stream}
                  index={i}
                  count={drafts.length}
                  onChange={(next) => change(drafts.map((s, k) => (k === i ? next : s)))}
                  onRemove={() => {
                    change(
                      drafts.filter((_, k) => k !== i),
                      true,
                    );
                    setAnnouncement(t('streams.editor.removed', { name: stream.name }));
                  }}
                  onMove={(to) => move(i, to, 'keyboard')}
                  onDragStart={setDragging}
                  onDragOver={(k) => dragging !== undefined && setDropAt(k)}
                  onDrop={(k, carried) => {
                    const from = dragging ?? (Number.isInteger(carried) ? carried : undefined);
                    if (from !== undefined) move(from, k, 'drag');
                    setDragging(undefined);
                    setDropAt(undefined);
                  }}
                  dropTarget={dragging !== undefined && dropAt === i && dragging !== i}
                  offers={offers}
                  landings={landings}
                  allowUrl={allowUrl}
                  errorAt={errorAt}
                  preview={
                    preview
                      ? { explained, taken: preview.stream_index === i, armIndex: preview.arm_index }
                      : undefined
                  }
                  stats={stats}
                  readOnly={!canSave}
                />
              );
            })}
          </ol>
        )}
      </section>
      {canPreview && (
        <StreamPreview
          simulatePath={`${path}/simulate`}
          streams={'field' in body ? undefined : body.streams}
          draftProblem={'field' in body ? body.message : undefined}
          onResult={setPreview}
          streamNames={drafts.map((s) => s.name)}
        />
      )}
      {split.error ? (
        <p className="muted">
          {t('streams.editor.splitUnavailable', { problem: errorMessage(split.error) })}
        </p>
      ) : null}
    </div>
  );
}
