import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api';
import {
  type FilterExplanation,
  type SimulateForm,
  type SimulateReply,
  simulateBody,
  USER_AGENT_PRESETS,
} from '../lib/split-test';
import { Field } from './field';
import { GeoAttribution } from './geo-attribution';
import { ErrorNotice } from './notice';
import '../styles/split-sim.css';

const CHECK_NAMES: Record<string, string> = {
  target: 'Offer and publisher can take traffic',
  ip_blocked: 'Address not blocked',
  bot_ua: 'User agent is not a bot',
  ip_velocity: 'Address velocity',
  datacenter_ip: 'Not a datacenter address',
  geo_mismatch: "Country is in the offer's GEO",
  daily_cap: 'Daily cap (legacy)',
  cap: 'Caps',
};

function Mark({ passed, skipped }: { passed: boolean; skipped?: boolean }) {
  if (skipped) return <span className="sim-skip">– skipped</span>;
  return passed ? <span className="sim-pass">✓ pass</span> : <span className="sim-fail">✗ fail</span>;
}

function FilterTree({ node }: { node: FilterExplanation }) {
  const groups: Record<string, string> = {
    and: 'all of',
    or: 'any of',
    not: 'not',
    all: 'no filters (everyone)',
  };
  return (
    <li>
      <Mark passed={node.matched} /> <strong>{groups[node.type] ?? node.type}</strong>
      {node.seen !== undefined ? <span className="muted"> — visitor: {node.seen || '(none)'}</span> : null}
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
      <section className="panel" aria-label="Outcome">
        <h2>Outcome</h2>
        <p className="sim-verdict">
          {result.accepted ? (
            <span className="sim-pass">Accepted</span>
          ) : (
            <span className="sim-fail">Refused: {result.reason}</span>
          )}
          {result.target ? <> → {result.target}</> : null}
          {result.offer_id ? <span className="muted"> (counts for offer {result.offer_id})</span> : null}
        </p>
        <p>
          Final URL:{' '}
          {result.location ? (
            <span className="sim-location" data-testid="sim-location">
              {result.location}
            </span>
          ) : (
            <span className="muted">none — the visitor sees the plain “not available” page</span>
          )}
        </p>
        <p className="muted">Nothing was recorded: no click, no cap use, no job.</p>
      </section>
      <div className="two-panels">
        <section className="panel" aria-label="Visitor">
          <h2>Visitor as the filters see it</h2>
          <dl className="sim-visitor">
            <dt>Address</dt>
            <dd>{v.ip ?? '—'}</dd>
            <dt>Country</dt>
            <dd>{v.country ?? 'unknown'}</dd>
            <dt>Device</dt>
            <dd>{v.device}</dd>
            <dt>OS</dt>
            <dd>{v.os}</dd>
            <dt>Browser</dt>
            <dd>{v.browser}</dd>
            <dt>Languages</dt>
            <dd>{v.languages.join(', ') || '—'}</dd>
            <dt>{t('streams.simulate.region')}</dt>
            <dd>{v.region ?? '—'}</dd>
            <dt>ASN</dt>
            <dd>{v.asn ?? '—'}</dd>
            <dt>Visitor</dt>
            <dd>{v.unique ? 'unique' : 'repeat'}</dd>
            <dt>Time</dt>
            <dd>{v.time}</dd>
          </dl>
          {(v.region || v.asn) && <GeoAttribution />}
        </section>
        <section className="panel" aria-label="Checks">
          <h2>Checks</h2>
          <ul className="sim-checks">
            {result.checks.map((c) => (
              <li key={c.check}>
                <Mark passed={c.passed} skipped={c.skipped} /> {CHECK_NAMES[c.check] ?? c.check}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section className="panel" aria-label="Streams">
        <h2>Streams, in order</h2>
        {result.streams.length === 0 ? (
          <p className="muted">
            This flow has no streams: an accepted click goes to the offer's landing page.
          </p>
        ) : (
          <div className="sim-result">
            {result.streams.map((s, i) => {
              const chosen = s.id === result.stream_id;
              return (
                <article key={s.id} className={`sim-stream${chosen ? ' sim-stream-chosen' : ''}`}>
                  <h3>
                    {i + 1}. {s.name}{' '}
                    {chosen ? (
                      <span className="sim-pass">chosen</span>
                    ) : !s.enabled ? (
                      <span className="sim-skip">disabled</span>
                    ) : s.matched ? (
                      <span className="muted">matched</span>
                    ) : (
                      <span className="sim-skip">no match</span>
                    )}
                  </h3>
                  <ul className="sim-filters">
                    <FilterTree node={s.filters} />
                  </ul>
                  {s.note ? <p className="muted">{s.note}</p> : null}
                </article>
              );
            })}
          </div>
        )}
      </section>
    </div>
  );
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
      <form className="panel form" onSubmit={submit} noValidate aria-label="Simulated visitor">
        <div className="form-grid">
          <Field label="Address" hint="IPv4 or IPv6; its country and ASN are looked up">
            {(c) => (
              <input
                {...c}
                value={form.address}
                placeholder="49.36.0.10"
                onChange={(e) => set({ address: e.target.value })}
              />
            )}
          </Field>
          <Field label="Country" hint="Instead of an address: a two-letter code such as IN">
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
          <Field label="Device preset">
            {(c) => (
              <select {...c} value={preset} onChange={(e) => set({ userAgent: e.target.value })}>
                {USER_AGENT_PRESETS.map((p) => (
                  <option key={p.label} value={p.value}>
                    {p.label}
                  </option>
                ))}
                <option value="">Custom (edit below)</option>
              </select>
            )}
          </Field>
          <Field label="Language (Accept-Language)">
            {(c) => (
              <input {...c} value={form.language} onChange={(e) => set({ language: e.target.value })} />
            )}
          </Field>
          <Field label="User agent" wide>
            {(c) => (
              <textarea
                {...c}
                rows={2}
                value={form.userAgent}
                onChange={(e) => set({ userAgent: e.target.value })}
              />
            )}
          </Field>
          <Field label="Referrer">
            {(c) => (
              <input
                {...c}
                value={form.referer}
                placeholder="https://m.facebook.com/"
                onChange={(e) => set({ referer: e.target.value })}
              />
            )}
          </Field>
          <Field label="Time (UTC)" hint="Empty: now. Schedules are evaluated at this moment.">
            {(c) => (
              <input
                {...c}
                type="datetime-local"
                value={form.time}
                onChange={(e) => set({ time: e.target.value })}
              />
            )}
          </Field>
        </div>
        <fieldset>
          <legend>Sub ids</legend>
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
          Treat as a repeat visitor
        </label>
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Simulating…' : 'Simulate click'}
          </button>
        </div>
      </form>
      {failure ? <ErrorNotice error={failure} /> : null}
      {result ? <Result result={result} /> : null}
    </div>
  );
}
