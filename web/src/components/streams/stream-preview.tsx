import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { tr } from '../../i18n';
import { api, errorMessage } from '../../lib/api';
import { checkName, refusalName, streamNote } from '../../lib/simulate-words';
import { type Explanation, LEAF_KINDS, type SimulateResult } from '../../lib/streams';
import { DateTimeInput } from '../date-time-input';
import { GeoAttribution } from '../geo-attribution';
import { TargetName } from './target-name';

/** Agents a tester reaches for first; "Custom" keeps what is typed. */
export const AGENT_PRESETS: readonly { label: string; agent: string }[] = [
  {
    label: 'Android Chrome',
    agent:
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  },
  {
    label: 'iPhone Safari',
    agent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  },
  {
    label: 'Desktop Chrome',
    agent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  },
  {
    label: 'Samsung tablet',
    agent:
      'Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Safari/537.36',
  },
];

const SUBS = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5'] as const;

interface Visitor {
  where: string;
  agent: string;
  language: string;
  referer: string;
  time: string;
  repeat: boolean;
  subs: Record<(typeof SUBS)[number], string>;
}

interface Props {
  simulatePath: string;
  /** The editor's unsaved list as the PUT body would carry it; undefined while it has a problem. */
  streams: unknown[] | undefined;
  draftProblem?: string;
  onResult: (result: SimulateResult | undefined) => void;
  streamNames: readonly string[];
}

function simulateBody(v: Visitor, streams: unknown[]) {
  const where = v.where.trim();
  const subs = Object.fromEntries(Object.entries(v.subs).filter(([, value]) => value.trim() !== ''));
  return {
    ...(/^[A-Za-z]{2}$/.test(where) ? { country: where.toUpperCase() } : where ? { ip: where } : {}),
    user_agent: v.agent,
    ...(v.language.trim() ? { accept_language: v.language.trim() } : {}),
    ...(v.referer.trim() ? { referer: v.referer.trim() } : {}),
    ...(Object.keys(subs).length > 0 ? { subs } : {}),
    ...(v.time ? { time: new Date(v.time).toISOString() } : {}),
    ...(v.repeat ? { repeat: true } : {}),
    streams,
  };
}

/**
 * The editor's live preview: a sample visitor run through simulate with the UNSAVED streams (nothing
 * is recorded), the stream and target they get, and why — each filter's result.
 */
export function StreamPreview({ simulatePath, streams, draftProblem, onResult, streamNames }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [visitor, setVisitor] = useState<Visitor>({
    where: 'IN',
    agent: AGENT_PRESETS[0]?.agent ?? '',
    language: 'en-IN,hi;q=0.8',
    referer: '',
    time: '',
    repeat: false,
    subs: { sub1: '', sub2: '', sub3: '', sub4: '', sub5: '' },
  });
  const [result, setResult] = useState<SimulateResult>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const key = JSON.stringify(streams === undefined ? null : simulateBody(visitor, streams));

  // Live: each change (to the visitor or to the unsaved streams) runs again after a short pause.
  useEffect(() => {
    if (key === 'null') return;
    let live = true;
    const timer = setTimeout(() => {
      setBusy(true);
      api.post<SimulateResult>(simulatePath, JSON.parse(key)).then(
        (answer) => {
          if (!live) return;
          setResult(answer);
          setFailure(undefined);
          onResult(answer);
          setBusy(false);
        },
        (error: unknown) => {
          if (!live) return;
          setFailure(error);
          setResult(undefined);
          onResult(undefined);
          setBusy(false);
        },
      );
    }, 600);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, simulatePath, onResult]);

  const set = <K extends keyof Visitor>(k: K, value: Visitor[K]) => setVisitor((v) => ({ ...v, [k]: value }));
  const preset = AGENT_PRESETS.find((p) => p.agent === visitor.agent)?.label ?? '';
  const chosen = result?.stream_index ?? null;

  return (
    <aside className="stream-preview panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('streams.preview.title')}</h2>
      <p className="hint">{t('streams.preview.hint')}</p>
      <div className="preview-form">
        <label>
          {t('streams.preview.where')}
          <input
            value={visitor.where}
            placeholder={t('streams.preview.wherePlaceholder')}
            onChange={(e) => set('where', e.target.value)}
          />
        </label>
        <label>
          {t('streams.preview.device')}
          <select
            value={preset}
            onChange={(e) => {
              const p = AGENT_PRESETS.find((x) => x.label === e.target.value);
              if (p) set('agent', p.agent);
            }}
          >
            {AGENT_PRESETS.map((p) => (
              <option key={p.label} value={p.label}>
                {presetName(p.label)}
              </option>
            ))}
            <option value="">{t('streams.preview.customAgent')}</option>
          </select>
        </label>
        <label className="preview-wide">
          {t('streams.preview.userAgent')}
          <input value={visitor.agent} onChange={(e) => set('agent', e.target.value)} />
        </label>
        <label>
          {t('streams.preview.languages')}
          <input value={visitor.language} onChange={(e) => set('language', e.target.value)} />
        </label>
        <label>
          {t('streams.preview.referrer')}
          <input
            value={visitor.referer}
            placeholder="https://…"
            onChange={(e) => set('referer', e.target.value)}
          />
        </label>
        <div className="preview-wide preview-moment">
          <label htmlFor={`${id}-at`}>{t('streams.preview.at')}</label>
          <DateTimeInput id={`${id}-at`} value={visitor.time} onChange={(time) => set('time', time)} />
        </div>
        <label className="preview-check preview-wide">
          <input type="checkbox" checked={visitor.repeat} onChange={(e) => set('repeat', e.target.checked)} />{' '}
          {t('streams.preview.returning')}
        </label>
        <fieldset className="preview-subs preview-wide">
          <legend>{t('streams.preview.subIds')}</legend>
          {SUBS.map((s) => (
            <label key={s}>
              <span>{s}</span>
              <input
                value={visitor.subs[s]}
                onChange={(e) => set('subs', { ...visitor.subs, [s]: e.target.value })}
              />
            </label>
          ))}
        </fieldset>
      </div>
      <div className="preview-result" aria-live="polite" aria-busy={busy}>
        {draftProblem ? (
          <p className="muted">{t('streams.preview.fixFirst', { problem: draftProblem })}</p>
        ) : failure ? (
          <p className="field-error">{errorMessage(failure)}</p>
        ) : !result ? (
          <p className="muted">{t('streams.preview.running')}</p>
        ) : (
          <Verdict result={result} name={chosen === null ? undefined : streamNames[chosen]} />
        )}
      </div>
      {result && !draftProblem && !failure && (
        <details className="preview-why" open>
          <summary>{t('streams.preview.why')}</summary>
          <ol className="why-list">
            {result.streams.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: unsaved streams have no id; the order is the identity
              <li key={i} className={i === chosen ? 'why-taken' : undefined}>
                <span className={s.matched ? 'ok' : 'no'}>{s.matched ? '✓' : '✗'}</span>{' '}
                <strong>{streamNames[i] || s.name}</strong>
                {!s.enabled && <span className="muted"> {t('streams.preview.off')}</span>}
                {s.note && <span className="muted"> — {streamNote(s)}</span>}
                <Why node={s.filters} />
              </li>
            ))}
          </ol>
          <p className="muted">
            {t('streams.preview.seenAs')}{' '}
            {result.visitor.country ? (
              <span translate="no">{result.visitor.country}</span>
            ) : (
              t('streams.preview.noCountry')
            )}
            <span translate="no">{result.visitor.region ? ` · ${result.visitor.region}` : ''}</span> ·{' '}
            {deviceName(result.visitor.device)} ·{' '}
            <span translate="no">
              {result.visitor.os} · {result.visitor.browser}
              {result.visitor.asn ? ` · ${result.visitor.asn}` : ''}
              {result.visitor.languages.length > 0 ? ` · ${result.visitor.languages.join(', ')}` : ''}
            </span>{' '}
            · {result.visitor.unique ? t('streams.preview.firstVisit') : t('streams.preview.returningShort')}
          </p>
          {(result.visitor.region || result.visitor.asn) && <GeoAttribution />}
        </details>
      )}
    </aside>
  );
}

/** A preset's name: the device words in the reader's language, the brands as they are. */
function presetName(label: string): string {
  return label === 'Samsung tablet' ? tr('streams.preview.samsungTablet') : label;
}

/** The simulator's device type (desktop, mobile…) in the reader's language; anything else as it came. */
export function deviceName(device: string): string {
  return ['desktop', 'mobile', 'tablet', 'tv', 'bot', 'unknown'].includes(device)
    ? tr(`streams.device.${device}`)
    : device;
}

function Verdict({ result, name }: { result: SimulateResult; name: string | undefined }) {
  const { t } = useTranslation();
  const failed = result.checks.filter((c) => !c.passed && !c.skipped);
  return (
    <div className={result.accepted ? 'verdict verdict-ok' : 'verdict verdict-refused'}>
      {result.accepted ? (
        <p>
          <strong>
            {result.stream_index === null
              ? t('streams.preview.noStream')
              : t('streams.preview.streamNamed', { n: result.stream_index + 1, name: name ?? '' })}
          </strong>
          {result.stream_index !== null && result.arm_index !== null && (
            <>
              {' '}
              → {t('streams.preview.target', { n: result.arm_index + 1 })}{' '}
              <TargetName target={result.target ?? ''} />
            </>
          )}
        </p>
      ) : (
        <p>
          <strong title={result.reason ?? undefined}>
            {t('streams.preview.refused', { reason: refusalName(result.reason) })}
          </strong>{' '}
          → {result.target ? <TargetName target={result.target} /> : t('streams.preview.notAvailable')}
        </p>
      )}
      {failed.length > 0 && (
        <p className="muted">
          {t('streams.preview.failedChecks', { checks: failed.map((c) => checkName(c.check)).join('; ') })}
        </p>
      )}
      {result.location && (
        <p className="preview-url">
          <code>{result.location}</code>
        </p>
      )}
    </div>
  );
}

const GROUP_WORDS: Record<string, string> = {
  and: 'streams.why.and',
  or: 'streams.why.or',
  not: 'streams.why.not',
  all: 'streams.why.all',
};

const DAY_CODES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * What a filter saw of the visitor (src/modules/streams/filters.ts `seen`): the server's own words
 * ("none", "unknown", a device type, "unique"/"repeat", a schedule's "mon 08:40 Asia/Kolkata") in the
 * reader's language; the visitor's data (a country, an OS, a parameter's value) marked as not to translate.
 */
export function SeenValue({ type, seen }: { type: string; seen: string }) {
  const { t, i18n } = useTranslation();
  if (seen === '' || seen === 'none') return <>{t('streams.sim.none')}</>;
  if (seen === 'unknown') return <>{t('streams.device.unknown')}</>;
  if (type === 'device') return <>{deviceName(seen)}</>;
  if (type === 'visitor' && (seen === 'unique' || seen === 'repeat')) return <>{t(`streams.sim.${seen}`)}</>;
  const schedule = /^(mon|tue|wed|thu|fri|sat|sun) (\d\d:\d\d) (.+)$/.exec(seen);
  if (type === 'schedule' && schedule) {
    const day = new Intl.DateTimeFormat(i18n.language, { weekday: 'short', timeZone: 'UTC' }).format(
      Date.UTC(2026, 5, 1 + DAY_CODES.indexOf(schedule[1] ?? ''), 12),
    );
    return (
      <>
        {day} {schedule[2]} <span translate="no">{schedule[3]}</span>
      </>
    );
  }
  return <span translate="no">{seen}</span>;
}

/** A filter kind the explanation names (country, os…) in the reader's language. */
export function leafName(type: string): string {
  return KINDS.includes(type) ? tr(`streams.why.leaf.${type}`) : type;
}
const KINDS = LEAF_KINDS.map((k) => k.kind as string);

function Why({ node }: { node: Explanation }) {
  const { t } = useTranslation();
  if (node.type === 'all') return null;
  if (node.filters) {
    return (
      <ul className="why-tree">
        <li>
          <span className={node.matched ? 'ok' : 'no'}>{node.matched ? '✓' : '✗'}</span>{' '}
          {GROUP_WORDS[node.type] ? t(GROUP_WORDS[node.type] ?? '') : node.type}
          <ul>
            {node.filters.map((f, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: filters have no ids
              <li key={i}>
                <Why node={f} />
              </li>
            ))}
          </ul>
        </li>
      </ul>
    );
  }
  return (
    <span className="why-leaf">
      <span className={node.matched ? 'ok' : 'no'}>{node.matched ? '✓' : '✗'}</span> {leafName(node.type)}
      {node.seen !== undefined && (
        <span className="muted">
          {' '}
          ({t('streams.why.visitor')} <SeenValue type={node.type} seen={node.seen} />)
        </span>
      )}
    </span>
  );
}
