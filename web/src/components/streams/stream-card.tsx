import type { DragEvent, KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatPercent } from '../../i18n/format';
import { streamNote } from '../../lib/simulate-words';
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
  offer: 'streams.arm.offer',
  landing: 'streams.arm.landing',
  url: 'streams.arm.url',
  trafficback: 'streams.arm.trafficback',
};

/** One stream: name, on/off, order handle, filters, arms with weights and shares, automatic mode. */
export function StreamCard(props: StreamCardProps) {
  const { stream, index, count, onChange, errorAt, preview, readOnly } = props;
  const { t } = useTranslation();
  const base = `streams[${index}]`;
  const title = stream.name.trim() || t('streams.card.defaultName', { n: index + 1 });
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
      aria-label={t('streams.card.label', { n: index + 1, count, title })}
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
            aria-label={t('streams.card.reorder', { title, n: index + 1, count })}
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
          <span className="sr-only">{t('streams.card.nameOf', { n: index + 1 })}</span>
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
          {t('streams.card.on')}
        </label>
        {preview?.taken && <span className="badge badge-accepted">{t('streams.card.previewHere')}</span>}
        {!readOnly && (
          <span className="stream-moves">
            <button
              type="button"
              className="button-small"
              disabled={index === 0}
              data-move="up"
              onClick={() => props.onMove(index - 1)}
              aria-label={t('streams.card.moveUp', { title })}
            >
              ↑
            </button>
            <button
              type="button"
              className="button-small"
              disabled={index === count - 1}
              data-move="down"
              onClick={() => props.onMove(index + 1)}
              aria-label={t('streams.card.moveDown', { title })}
            >
              ↓
            </button>
            <button
              type="button"
              className="button-small button-danger"
              onClick={props.onRemove}
              aria-label={t('streams.card.removeOf', { title })}
            >
              {t('streams.card.remove')}
            </button>
          </span>
        )}
      </div>
      {(errorAt(base) || errorAt(`${base}.name`)) && (
        <p className="field-error">{errorAt(base) ?? errorAt(`${base}.name`)}</p>
      )}
      {preview?.explained?.note && <p className="hint">{streamNote(preview.explained)}</p>}
      <fieldset className="stream-body" disabled={readOnly} aria-label={t('streams.card.bodyOf', { title })}>
        <div className="stream-filters">
          <h3>{t('streams.card.who')}</h3>
          <FilterBuilder
            value={stream.filters}
            onChange={(filters) => set('filters', filters)}
            path={`${base}.filters`}
            errorAt={errorAt}
            label={t('streams.card.filtersOf', { title })}
          />
        </div>
        <ArmsEditor {...props} title={title} />
      </fieldset>
    </li>
  );
}

function ArmsEditor(props: StreamCardProps & { title: string }) {
  const { stream, index, onChange, errorAt, title, readOnly, preview } = props;
  const { t } = useTranslation();
  const base = `streams[${index}]`;
  const shares = armShares(stream.arms);
  const setArms = (arms: DraftArm[]) => onChange({ ...stream, arms });
  const setArm = (j: number, arm: DraftArm) => setArms(stream.arms.map((a, k) => (k === j ? arm : a)));
  const types = Object.keys(ARM_LABELS) as ArmType[];
  const auto = stream.auto;
  return (
    <div className="stream-arms">
      <h3>{t('streams.card.whereTo')}</h3>
      {errorAt(`${base}.arms`) && <p className="field-error">{errorAt(`${base}.arms`)}</p>}
      <table className="arms-table">
        <caption className="sr-only">{t('streams.card.targetsOf', { title })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('streams.card.target')}</th>
            <th scope="col">{t('streams.card.weight')}</th>
            <th scope="col">{t('streams.card.share')}</th>
            <th scope="col">
              <span className="sr-only">{t('streams.card.actions')}</span>
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
            const armName = t('streams.card.armName', { n: j + 1, title });
            return (
              <tr
                key={arm.key}
                className={preview?.taken && preview.armIndex === j ? 'arm-taken' : undefined}
                aria-invalid={problem ? true : undefined}
              >
                <td>
                  <div className="arm-target">
                    <select
                      aria-label={t('streams.card.typeOf', { arm: armName })}
                      value={arm.type}
                      disabled={readOnly}
                      onChange={(e) => setArm(j, { ...arm, type: e.target.value as ArmType })}
                    >
                      {types
                        .filter((k) => props.allowUrl || k !== 'url' || arm.type === 'url')
                        .map((k) => (
                          <option key={k} value={k}>
                            {t(ARM_LABELS[k])}
                          </option>
                        ))}
                    </select>
                    {arm.type === 'offer' && (
                      <select
                        aria-label={t('streams.card.offerOf', { arm: armName })}
                        value={arm.offer_id}
                        disabled={readOnly}
                        onChange={(e) => setArm(j, { ...arm, offer_id: e.target.value })}
                      >
                        <option value="">{t('streams.card.chooseOffer')}</option>
                        {props.offers.map((o) => (
                          <option key={o.id} value={o.id}>
                            {o.name}
                          </option>
                        ))}
                      </select>
                    )}
                    {arm.type === 'landing' && (
                      <select
                        aria-label={t('streams.card.landingOf', { arm: armName })}
                        value={arm.site_id}
                        disabled={readOnly}
                        onChange={(e) => setArm(j, { ...arm, site_id: e.target.value })}
                      >
                        <option value="">
                          {props.landings.length === 0
                            ? t('streams.card.noPages')
                            : t('streams.card.choosePage')}
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
                        aria-label={t('streams.card.urlOf', { arm: armName })}
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
                      {t('streams.card.last30', {
                        clicks: t('streams.count.clicks', {
                          count: stats.clicks,
                          n: formatNumber(stats.clicks),
                        }),
                        leads: t('streams.count.leads', { count: stats.leads, n: formatNumber(stats.leads) }),
                        cr: formatPercent(stats.cr, undefined, 1),
                      })}
                    </p>
                  )}
                </td>
                <td>
                  <input
                    className="input-weight"
                    inputMode="numeric"
                    aria-label={t('streams.card.weightOf', { arm: armName })}
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
                      aria-label={t('streams.card.removeOf', { title: armName })}
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
          {t('streams.card.addTarget')}
        </button>
      )}
      <details className="auto-split" open={auto.enabled}>
        <summary>{auto.enabled ? t('streams.auto.titleOn') : t('streams.auto.titleOff')}</summary>
        <p className="hint">{t('streams.auto.hint')}</p>
        <div className="auto-fields">
          <label>
            <input
              type="checkbox"
              checked={auto.enabled}
              disabled={readOnly}
              onChange={(e) => onChange({ ...stream, auto: { ...auto, enabled: e.target.checked } })}
            />{' '}
            {t('streams.auto.shift')}
          </label>
          <label>
            {t('streams.auto.judgeBy')}{' '}
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
            {t('streams.auto.minShare')}{' '}
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
            {t('streams.auto.minSample')}{' '}
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
