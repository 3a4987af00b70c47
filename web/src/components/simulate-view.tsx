import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { tr } from '../i18n';
import { Coded } from '../i18n/coded';
import { api } from '../lib/api';
import { checkName, refusalName, streamNote } from '../lib/simulate-words';
import {
  type FilterExplanation,
  type SimulateForm,
  type SimulateReply,
  simulateBody,
  USER_AGENT_PRESETS,
} from '../lib/split-test';
import { DateTimeInput } from './date-time-input';
import { Field } from './field';
import { GeoAttribution } from './geo-attribution';
import { ErrorNotice } from './notice';
import { deviceName, leafName, SeenValue } from './streams/stream-preview';
import { TargetName } from './streams/target-name';
import '../styles/split-sim.css';

function Mark({ passed, skipped }: { passed: boolean; skipped?: boolean }) {
  const { t } = useTranslation();
  if (skipped) return <span className="sim-skip">– {t('streams.sim.skipped')}</span>;
  return passed ? (
    <span className="sim-pass">✓ {t('streams.sim.pass')}</span>
  ) : (
    <span className="sim-fail">✗ {t('streams.sim.fail')}</span>
  );
}

const GROUPS: Record<string, string> = {
  and: 'streams.why.and',
  or: 'streams.why.or',
  not: 'streams.why.not',
  all: 'streams.sim.everyone',
};

function FilterTree({ node }: { node: FilterExplanation }) {
  const { t } = useTranslation();
  const group = GROUPS[node.type];
  return (
    <li>
      <Mark passed={node.matched} /> <strong>{group ? t(group) : leafName(node.type)}</strong>
      {node.seen !== undefined ? (
        <span className="muted">
          {' '}
          — {t('streams.why.visitor')} <SeenValue type={node.type} seen={node.seen} />
        </span>
      ) : null}
      {node.filters && node.filters.length > 0 ? (
        <ul className="sim-filters">
          {node.filters.map((f, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a filter tree keeps its order
            <FilterTree key={i} node={f} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function Result({ result }: { result: SimulateReply }) {
  const { t } = useTranslation();
  const v = result.visitor;
  return (
    <div className="sim-result" aria-live="polite">
      <section className="panel" aria-label={t('streams.sim.outcome')}>
        <h2>{t('streams.sim.outcome')}</h2>
        <p className="sim-verdict">
          {result.accepted ? (
            <span className="sim-pass">{t('streams.sim.accepted')}</span>
          ) : (
            <span className="sim-fail">
              {t('streams.sim.refused')}{' '}
              <span title={result.reason ?? undefined}>{refusalName(result.reason)}</span>
            </span>
          )}
          {result.target ? (
            <>
              {' '}
              → <TargetName target={result.target} />
            </>
          ) : null}
          {result.offer_id ? (
            <span className="muted"> {t('streams.sim.countsFor', { id: result.offer_id })}</span>
          ) : null}
        </p>
        <p>
          {t('streams.sim.finalUrl')}{' '}
          {result.location ? (
            <span className="sim-location" data-testid="sim-location">
              {result.location}
            </span>
          ) : (
            <span className="muted">{t('streams.sim.noUrl')}</span>
          )}
        </p>
        <p className="muted">{t('streams.sim.nothingRecorded')}</p>
      </section>
      <div className="two-panels">
        <section className="panel" aria-label={t('streams.sim.visitor')}>
          <h2>{t('streams.sim.visitorTitle')}</h2>
          <dl className="sim-visitor">
            <dt>{t('streams.sim.address')}</dt>
            <dd translate="no">{v.ip ?? '—'}</dd>
            <dt>{t('streams.sim.country')}</dt>
            <dd>{v.country ? <span translate="no">{v.country}</span> : t('streams.device.unknown')}</dd>
            <dt>{t('streams.preview.device')}</dt>
            <dd>{deviceName(v.device)}</dd>
            <dt>{t('streams.sim.os')}</dt>
            <dd translate="no">{v.os}</dd>
            <dt>{t('streams.sim.browser')}</dt>
            <dd translate="no">{v.browser}</dd>
            <dt>{t('streams.preview.languages')}</dt>
            <dd translate="no">{v.languages.join(', ') || '—'}</dd>
            <dt>{t('streams.simulate.region')}</dt>
            <dd translate="no">{v.region ?? '—'}</dd>
            <dt>ASN</dt>
            <dd translate="no">{v.asn ?? '—'}</dd>
            <dt>{t('streams.sim.visitor')}</dt>
            <dd>{v.unique ? t('streams.sim.unique') : t('streams.sim.repeat')}</dd>
            <dt>{t('streams.sim.time')}</dt>
            <dd>{v.time}</dd>
          </dl>
          {(v.region || v.asn) && <GeoAttribution />}
        </section>
        <section className="panel" aria-label={t('streams.sim.checks')}>
          <h2>{t('streams.sim.checks')}</h2>
          <ul className="sim-checks">
            {result.checks.map((c) => (
              <li key={c.check}>
                <Mark passed={c.passed} skipped={c.skipped} /> {checkName(c.check)}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section className="panel" aria-label={t('streams.editor.title')}>
        <h2>{t('streams.sim.inOrder')}</h2>
        {result.streams.length === 0 ? (
          <p className="muted">{t('streams.sim.noStreams')}</p>
        ) : (
          <div className="sim-result">
            {result.streams.map((s, i) => {
              const chosen = s.id === result.stream_id;
              return (
                <article key={s.id} className={`sim-stream${chosen ? ' sim-stream-chosen' : ''}`}>
                  <h3>
                    {i + 1}. {s.name}{' '}
                    {chosen ? (
                      <span className="sim-pass">{t('streams.sim.chosen')}</span>
                    ) : !s.enabled ? (
                      <span className="sim-skip">{t('streams.sim.disabled')}</span>
                    ) : s.matched ? (
                      <span className="muted">{t('streams.sim.matched')}</span>
                    ) : (
                      <span className="sim-skip">{t('streams.sim.noMatch')}</span>
                    )}
                  </h3>
                  <ul className="sim-filters">
                    <FilterTree node={s.filters} />
                  </ul>
                  {s.note ? <p className="muted">{streamNote(s)}</p> : null}
                </article>
              );
            })}
          </div>
        )}
      </section>
    </div>
  );
}

/** A preset's name with its words in the reader's language (brands and models stay as they are). */
const PRESET_KEYS: Record<string, string> = {
  'Android phone (Chrome)': 'streams.sim.preset.android',
  'iPhone (Safari)': 'streams.sim.preset.iphone',
  'iPad (Safari)': 'streams.sim.preset.ipad',
  'Windows desktop (Chrome)': 'streams.sim.preset.windows',
  'Mac desktop (Safari)': 'streams.sim.preset.mac',
  'Headless Chrome (a bot)': 'streams.sim.preset.headless',
};
function presetLabel(label: string): string {
  const key = PRESET_KEYS[label];
  return key ? tr(key) : label;
}

const EMPTY: SimulateForm = {
  address: '',
  country: '',
  userAgent: USER_AGENT_PRESETS[0]?.value ?? '',
  language: 'en-US,en;q=0.8',
  referer: '',
  subs: ['', '', '', '', ''],
  time: '',
  repeat: false,
};

/**
 * "Simulate a click" on a flow: a visitor described by hand goes through every check and stream;
 * the answer says which passed, which stream and arm took it, and the final URL. Nothing is stored.
 * `base` is /api/admin or /api/publisher (a publisher's answer leaves the fraud checks out).
 */
export function SimulateView({ base, flowId }: { base: string; flowId: string }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<SimulateForm>(EMPTY);
  const [result, setResult] = useState<SimulateReply>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const preset = USER_AGENT_PRESETS.find((p) => p.value === form.userAgent)?.value ?? '';
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      setResult(await api.post<SimulateReply>(`${base}/flows/${flowId}/simulate`, simulateBody(form)));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }
  const set = (patch: Partial<SimulateForm>) => setForm({ ...form, ...patch });
  return (
    <div>
      <form className="panel form" onSubmit={submit} noValidate aria-label={t('streams.sim.form')}>
        <div className="form-grid">
          <Field label={t('streams.sim.address')} hint={<Coded k="streams.sim.addressHint" />}>
            {(c) => (
              <input
                {...c}
                value={form.address}
                placeholder="49.36.0.10"
                onChange={(e) => set({ address: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('streams.sim.country')} hint={<Coded k="streams.sim.countryHint" />}>
            {(c) => (
              <input
                {...c}
                className="input-short"
                maxLength={2}
                value={form.country}
                disabled={form.address.trim() !== ''}
                onChange={(e) => set({ country: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('streams.sim.devicePreset')}>
            {(c) => (
              <select {...c} value={preset} onChange={(e) => set({ userAgent: e.target.value })}>
                {USER_AGENT_PRESETS.map((p) => (
                  <option key={p.label} value={p.value}>
                    {presetLabel(p.label)}
                  </option>
                ))}
                <option value="">{t('streams.sim.custom')}</option>
              </select>
            )}
          </Field>
          <Field label={t('streams.sim.language')}>
            {(c) => (
              <input {...c} value={form.language} onChange={(e) => set({ language: e.target.value })} />
            )}
          </Field>
          <Field label={t('streams.preview.userAgent')} wide>
            {(c) => (
              <textarea
                {...c}
                // A user agent is what the browser sends, never translated.
                translate="no"
                rows={2}
                value={form.userAgent}
                onChange={(e) => set({ userAgent: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('streams.preview.referrer')}>
            {(c) => (
              <input
                {...c}
                value={form.referer}
                placeholder="https://m.facebook.com/"
                onChange={(e) => set({ referer: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('streams.sim.timeUtc')} hint={t('streams.sim.timeHint')}>
            {(c) => (
              <DateTimeInput
                id={c.id}
                aria-describedby={c['aria-describedby']}
                value={form.time}
                onChange={(time) => set({ time })}
              />
            )}
          </Field>
        </div>
        <fieldset>
          <legend>{t('streams.preview.subIds')}</legend>
          <div className="sim-subs">
            {form.subs.map((value, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: sub1–sub5 are fixed positions
              <Field key={i} label={`sub${i + 1}`}>
                {(c) => (
                  <input
                    {...c}
                    value={value}
                    onChange={(e) => set({ subs: form.subs.map((s, j) => (j === i ? e.target.value : s)) })}
                  />
                )}
              </Field>
            ))}
          </div>
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" checked={form.repeat} onChange={(e) => set({ repeat: e.target.checked })} />{' '}
          {t('streams.sim.treatRepeat')}
        </label>
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {busy ? t('streams.sim.simulating') : t('streams.sim.submit')}
          </button>
        </div>
      </form>
      {failure ? <ErrorNotice error={failure} /> : null}
      {result ? <Result result={result} /> : null}
    </div>
  );
}
