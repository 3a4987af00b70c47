import type { DragEvent, KeyboardEvent } from 'react';
import {
  type ArmType,
  armShares,
  type DraftArm,
  type DraftStream,
  formatShare,
  newArm,
  type SimulateResult,
  type SplitTestArm,
} from '../../lib/streams';
import { FilterBuilder } from '../filter-builder';

export interface Choice {
  id: string;
  name: string;
}

export interface StreamCardProps {
  stream: DraftStream;
  index: number;
  count: number;
  onChange: (next: DraftStream) => void;
  onRemove: () => void;
  onMove: (to: number) => void;
  /** Drag and drop: the card being dragged, and where it would land. */
  onDragStart: (index: number) => void;
  /** `from`: the dragged stream's index as the drag carried it. */
  onDrop: (index: number, from: number) => void;
  dropTarget: boolean;
  onDragOver: (index: number) => void;
  offers: readonly Choice[];
  landings: readonly Choice[];
  allowUrl: boolean;
  errorAt: (path: string) => string | undefined;
  /** The live preview's verdict on this stream, when one ran. */
  preview?: { explained?: SimulateResult['streams'][number]; taken: boolean; armIndex: number | null };
  stats: (armId: string | undefined) => SplitTestArm | undefined;
  readOnly: boolean;
}

const ARM_LABELS: Record<ArmType, string> = {
  offer: 'Offer',
  landing: 'Landing',
  url: 'URL',
  trafficback: 'Trafficback',
};

/** One stream: name, on/off, order handle, filters, arms with weights and shares, automatic mode. */
export function StreamCard(props: StreamCardProps) {
  const { stream, index, count, onChange, errorAt, preview, readOnly } = props;
  const base = `streams[${index}]`;
  const title = stream.name.trim() || `Stream ${index + 1}`;
  const set = <K extends keyof DraftStream>(key: K, value: DraftStream[K]) =>
    onChange({ ...stream, [key]: value });
  const onHandleKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowUp' && index > 0) {
      e.preventDefault();
      props.onMove(index - 1);
    } else if (e.key === 'ArrowDown' && index < count - 1) {
      e.preventDefault();
      props.onMove(index + 1);
    }
  };
  const classes = [
    'stream-card',
    stream.enabled ? '' : 'stream-off',
    preview?.taken ? 'stream-taken' : '',
    preview && !preview.taken && preview.explained?.matched === false ? 'stream-missed' : '',
    props.dropTarget ? 'stream-drop' : '',
  ].filter(Boolean);
  return (
    <li
      className={classes.join(' ')}
      aria-label={`Stream ${index + 1} of ${count}: ${title}`}
      data-stream-key={stream.key}
      onDragOver={(e: DragEvent) => {
        e.preventDefault();
        props.onDragOver(index);
      }}
      onDrop={(e: DragEvent) => {
        e.preventDefault();
        props.onDrop(index, Number(e.dataTransfer.getData('text/plain')));
      }}
    >
      <div className="stream-head">
        {!readOnly && (
          <button
            type="button"
            className="drag-handle"
            data-move="handle"
            draggable
            aria-label={`Reorder stream ${title}: position ${index + 1} of ${count}. Use the up and down arrow keys.`}
            aria-keyshortcuts="ArrowUp ArrowDown"
            onKeyDown={onHandleKey}
            onDragStart={(e) => {
              e.dataTransfer.effectAllowed = 'move';
              e.dataTransfer.setData('text/plain', String(index));
              const card = (e.currentTarget as HTMLElement).closest('li');
              if (card) e.dataTransfer.setDragImage(card, 16, 16);
              props.onDragStart(index);
            }}
          >
            <span aria-hidden="true">⠿</span>
          </button>
        )}
        <span className="stream-number" aria-hidden="true">
          {index + 1}
        </span>
        <label className="stream-name">
          <span className="sr-only">Name of stream {index + 1}</span>
          <input
            value={stream.name}
            maxLength={100}
            disabled={readOnly}
            aria-invalid={errorAt(`${base}.name`) ? true : undefined}
            onChange={(e) => set('name', e.target.value)}
          />
        </label>
        <label className="stream-enabled">
          <input
            type="checkbox"
            checked={stream.enabled}
            disabled={readOnly}
            onChange={(e) => set('enabled', e.target.checked)}
          />{' '}
          On
        </label>
        {preview?.taken && <span className="badge badge-accepted">Preview visitor goes here</span>}
        {!readOnly && (
          <span className="stream-moves">
            <button
              type="button"
              className="button-small"
              disabled={index === 0}
              data-move="up"
              onClick={() => props.onMove(index - 1)}
              aria-label={`Move ${title} up`}
            >
              ↑
            </button>
            <button
              type="button"
              className="button-small"
              disabled={index === count - 1}
              data-move="down"
              onClick={() => props.onMove(index + 1)}
              aria-label={`Move ${title} down`}
            >
              ↓
            </button>
            <button
              type="button"
              className="button-small button-danger"
              onClick={props.onRemove}
              aria-label={`Remove ${title}`}
            >
              Remove
            </button>
          </span>
        )}
      </div>
      {(errorAt(base) || errorAt(`${base}.name`)) && (
        <p className="field-error">{errorAt(base) ?? errorAt(`${base}.name`)}</p>
      )}
      {preview?.explained?.note && <p className="hint">{preview.explained.note}</p>}
      <fieldset className="stream-body" disabled={readOnly} aria-label={`Filters and targets of ${title}`}>
        <div className="stream-filters">
          <h3>Who</h3>
          <FilterBuilder
            value={stream.filters}
            onChange={(filters) => set('filters', filters)}
            path={`${base}.filters`}
            errorAt={errorAt}
            label={`filters of ${title}`}
          />
        </div>
        <ArmsEditor {...props} title={title} />
      </fieldset>
    </li>
  );
}

function ArmsEditor(props: StreamCardProps & { title: string }) {
  const { stream, index, onChange, errorAt, title, readOnly, preview } = props;
  const base = `streams[${index}]`;
  const shares = armShares(stream.arms);
  const setArms = (arms: DraftArm[]) => onChange({ ...stream, arms });
  const setArm = (j: number, arm: DraftArm) => setArms(stream.arms.map((a, k) => (k === j ? arm : a)));
  const types = Object.keys(ARM_LABELS) as ArmType[];
  const auto = stream.auto;
  return (
    <div className="stream-arms">
      <h3>Where to</h3>
      {errorAt(`${base}.arms`) && <p className="field-error">{errorAt(`${base}.arms`)}</p>}
      <table className="arms-table">
        <caption className="sr-only">Targets of {title}</caption>
        <thead>
          <tr>
            <th scope="col">Target</th>
            <th scope="col">Weight</th>
            <th scope="col">Share</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {stream.arms.map((arm, j) => {
            const path = `${base}.arms[${j}]`;
            const problem =
              errorAt(path) ??
              errorAt(`${path}.type`) ??
              errorAt(`${path}.offer_id`) ??
              errorAt(`${path}.site_id`) ??
              errorAt(`${path}.url`) ??
              errorAt(`${path}.weight`);
            const stats = props.stats(arm.id);
            const armName = `target ${j + 1} of ${title}`;
            return (
              <tr
                key={arm.key}
                className={preview?.taken && preview.armIndex === j ? 'arm-taken' : undefined}
                aria-invalid={problem ? true : undefined}
              >
                <td>
                  <div className="arm-target">
                    <select
                      aria-label={`Type of ${armName}`}
                      value={arm.type}
                      disabled={readOnly}
                      onChange={(e) => setArm(j, { ...arm, type: e.target.value as ArmType })}
                    >
                      {types
                        .filter((t) => props.allowUrl || t !== 'url' || arm.type === 'url')
                        .map((t) => (
                          <option key={t} value={t}>
                            {ARM_LABELS[t]}
                          </option>
                        ))}
                    </select>
                    {arm.type === 'offer' && (
                      <select
                        aria-label={`Offer of ${armName}`}
                        value={arm.offer_id}
                        disabled={readOnly}
                        onChange={(e) => setArm(j, { ...arm, offer_id: e.target.value })}
                      >
                        <option value="">Choose an offer…</option>
                        {props.offers.map((o) => (
                          <option key={o.id} value={o.id}>
                            {o.name}
                          </option>
                        ))}
                      </select>
                    )}
                    {arm.type === 'landing' && (
                      <select
                        aria-label={`Landing page of ${armName}`}
                        value={arm.site_id}
                        disabled={readOnly}
                        onChange={(e) => setArm(j, { ...arm, site_id: e.target.value })}
                      >
                        <option value="">
                          {props.landings.length === 0 ? 'The offer has no hosted pages' : 'Choose a page…'}
                        </option>
                        {props.landings.map((l) => (
                          <option key={l.id} value={l.id}>
                            {l.name}
                          </option>
                        ))}
                      </select>
                    )}
                    {arm.type === 'url' && (
                      <input
                        aria-label={`URL of ${armName}`}
                        value={arm.url}
                        placeholder="https://example.com/?cid={click_id}"
                        disabled={readOnly}
                        onChange={(e) => setArm(j, { ...arm, url: e.target.value })}
                      />
                    )}
                  </div>
                  {problem && <p className="field-error">{problem}</p>}
                  {stats && (
                    <p className="arm-stats">
                      Last 30 days: {plural(stats.clicks, 'click')} · {plural(stats.leads, 'lead')} · CR{' '}
                      {(stats.cr * 100).toFixed(1)} %
                    </p>
                  )}
                </td>
                <td>
                  <input
                    className="input-weight"
                    inputMode="numeric"
                    aria-label={`Weight of ${armName}`}
                    value={arm.weight}
                    disabled={readOnly}
                    onChange={(e) => setArm(j, { ...arm, weight: e.target.value })}
                  />
                </td>
                <td className="arm-share">
                  <span data-share={j}>{formatShare(Math.round((shares[j] ?? 0) * 10) / 10)}</span>
                  <span className="share-bar" aria-hidden="true">
                    <span style={{ width: `${shares[j] ?? 0}%` }} />
                  </span>
                </td>
                <td>
                  {!readOnly && stream.arms.length > 1 && (
                    <button
                      type="button"
                      className="button-ghost button-small"
                      aria-label={`Remove ${armName}`}
                      onClick={() => setArms(stream.arms.filter((_, k) => k !== j))}
                    >
                      ✕
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!readOnly && stream.arms.length < 20 && (
        <button type="button" className="button-small" onClick={() => setArms([...stream.arms, newArm()])}>
          Add target
        </button>
      )}
      <details className="auto-split" open={auto.enabled}>
        <summary>Automatic split test {auto.enabled ? '(on)' : '(off)'}</summary>
        <p className="hint">
          Every 15 minutes a bandit moves weight toward the better target, keeping each one at least its
          minimum share, once every target has the minimum sample. Each shift is logged.
        </p>
        <div className="auto-fields">
          <label>
            <input
              type="checkbox"
              checked={auto.enabled}
              disabled={readOnly}
              onChange={(e) => onChange({ ...stream, auto: { ...auto, enabled: e.target.checked } })}
            />{' '}
            Shift traffic automatically
          </label>
          <label>
            Judge by{' '}
            <select
              value={auto.metric}
              disabled={readOnly}
              onChange={(e) =>
                onChange({ ...stream, auto: { ...auto, metric: e.target.value as 'cr' | 'epc' } })
              }
            >
              <option value="cr">CR</option>
              <option value="epc">EPC</option>
            </select>
          </label>
          <label>
            Minimum share %{' '}
            <input
              className="input-weight"
              inputMode="numeric"
              value={auto.min_share_pct}
              disabled={readOnly}
              aria-invalid={errorAt(`${base}.auto.min_share_pct`) ? true : undefined}
              onChange={(e) => onChange({ ...stream, auto: { ...auto, min_share_pct: e.target.value } })}
            />
          </label>
          <label>
            Minimum clicks per target{' '}
            <input
              className="input-weight"
              inputMode="numeric"
              value={auto.min_sample}
              disabled={readOnly}
              aria-invalid={errorAt(`${base}.auto.min_sample`) ? true : undefined}
              onChange={(e) => onChange({ ...stream, auto: { ...auto, min_sample: e.target.value } })}
            />
          </label>
        </div>
        {(errorAt(`${base}.auto.min_share_pct`) ?? errorAt(`${base}.auto.min_sample`)) && (
          <p className="field-error">
            {errorAt(`${base}.auto.min_share_pct`) ?? errorAt(`${base}.auto.min_sample`)}
          </p>
        )}
      </details>
    </div>
  );
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}
