import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Badge } from '../../components/badge';
import { Field } from '../../components/field';
import { Money } from '../../components/money';
import { ErrorNotice, Loading, Notice } from '../../components/notice';
import { DateTime } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';
import { LEAD_STATUS_LABELS, LEAD_STATUSES } from '../../lib/lead-filters';
import type { LeadDetail, LeadHistoryEntry } from '../../lib/types';
import { nameOf, useAllOffers, useAllPublishers } from '../lookups';
import { PushAttempt } from './request-view';

const FIELDS: [keyof LeadDetail, string][] = [
  ['name', 'Name'],
  ['phone', 'Phone'],
  ['phone_e164', 'Phone (E.164)'],
  ['email', 'Email'],
  ['country', 'Country'],
  ['ip', 'IP'],
  ['address', 'Address'],
  ['comment', 'Comment'],
  ['user_agent', 'User agent'],
  ['click_id', 'Click ID'],
  ['source', 'Source'],
  ['goal', 'Goal'],
  ['fraud_rule', 'Fraud rule'],
  ['external_id', 'External ID'],
  ['adv_lead_id', 'Advertiser lead ID'],
  ['status_comment', 'Advertiser comment'],
  ['sub1', 'Sub1'],
  ['sub2', 'Sub2'],
  ['sub3', 'Sub3'],
  ['sub4', 'Sub4'],
  ['sub5', 'Sub5'],
  ['sub6', 'Sub6'],
  ['sub7', 'Sub7'],
  ['sub8', 'Sub8'],
  ['sub9', 'Sub9'],
  ['sub10', 'Sub10'],
];

/** One lead: every field, its custom fields, push attempts with request and response, status history. */
export function LeadDetailPage() {
  const { id = '' } = useParams();
  usePageTitle(`Lead ${id}`);
  const lead = useResource(`lead-${id}`, () => api.get<LeadDetail>(`/api/admin/leads/${id}`));
  const history = useResource(`lead-history-${id}`, () =>
    api.get<{ data: LeadHistoryEntry[] }>(`/api/admin/leads/${id}/status-history`).then((r) => r.data),
  );
  const offers = useAllOffers();
  const publishers = useAllPublishers();
  const [pushNote, setPushNote] = useState<string>();
  const [pushFailure, setPushFailure] = useState<unknown>();
  const reload = () => {
    lead.reload();
    history.reload();
  };

  if (lead.error && !lead.data) return <ErrorNotice error={lead.error} onRetry={lead.reload} />;
  if (!lead.data) return <Loading />;
  const l = lead.data;
  const meta = Object.entries(l.meta);

  async function repush() {
    setPushFailure(undefined);
    setPushNote(undefined);
    try {
      await api.post(`/api/admin/leads/${id}/push`);
      setPushNote('The lead is queued for a fresh push.');
      reload();
    } catch (error) {
      setPushFailure(error);
    }
  }

  return (
    <section>
      <p>
        <Link to="/admin/leads">← Leads</Link>
      </p>
      <div className="page-head">
        <h1>
          Lead <code>{l.id}</code> <Badge value={l.status} />
        </h1>
        <button type="button" onClick={reload} disabled={lead.loading}>
          Refresh
        </button>
      </div>
      <div className="panel">
        <dl className="facts">
          <dt>Received</dt>
          <dd>
            <DateTime iso={l.created_at} />
          </dd>
          <dt>Offer</dt>
          <dd>{nameOf(offers.data, l.offer_id)}</dd>
          <dt>Publisher</dt>
          <dd>{nameOf(publishers.data, l.publisher_id)}</dd>
          {FIELDS.filter(([key]) => l[key] !== null && l[key] !== '').map(([key, label]) => (
            <Fact key={key} label={label} value={String(l[key])} />
          ))}
        </dl>
      </div>
      {meta.length > 0 && (
        <div className="panel">
          <h2>Custom fields</h2>
          <dl className="facts">
            {meta.map(([key, value]) => (
              <Fact key={key} label={key} value={value} />
            ))}
          </dl>
        </div>
      )}
      <StatusChange leadId={l.id} current={l.status} onChanged={reload} />
      <div className="panel">
        <div className="page-head">
          <h2>
            Push to advertiser <Badge value={l.push_status} />
            {l.push_maybe_sent && (
              <>
                {' '}
                <span className="badge badge-warning">May have been sent</span>
              </>
            )}
          </h2>
          <button
            type="button"
            onClick={repush}
            disabled={l.push_status !== 'failed'}
            title={l.push_status === 'failed' ? undefined : 'Only a failed push can be sent again'}
          >
            Re-push
          </button>
        </div>
        {l.push_maybe_sent && <MaybeSentNotice leadId={l.id} />}
        {pushNote && <Notice tone="success">{pushNote}</Notice>}
        {pushFailure ? <ErrorNotice error={pushFailure} /> : null}
        {l.push_error && <p className="field-error">{l.push_error}</p>}
        {l.push_requests.length === 0 ? (
          <p className="muted">No push attempts yet.</p>
        ) : (
          l.push_requests.map((attempt, i) => <PushAttempt key={attempt.id} attempt={attempt} index={i} />)
        )}
      </div>
      <div className="panel">
        <h2>Status history</h2>
        {history.error ? <ErrorNotice error={history.error} onRetry={history.reload} /> : null}
        {history.data && history.data.length === 0 && <p className="muted">No status changes yet.</p>}
        {history.data && history.data.length > 0 && (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">Status history</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Change</th>
                  <th scope="col">Goal</th>
                  <th scope="col">Adv payout</th>
                  <th scope="col">Pub payout</th>
                  <th scope="col">Source</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {history.data.map((h) => (
                  <tr key={h.id}>
                    <td>
                      <DateTime iso={h.created_at} />
                    </td>
                    <td>
                      {h.from_status ?? '—'} → {h.to_status}
                    </td>
                    <td>{h.goal ?? '—'}</td>
                    <td>
                      <Money amount={h.adv_payout} currency={h.currency} />
                    </td>
                    <td>
                      <Money amount={h.pub_payout} currency={h.currency} />
                    </td>
                    <td>
                      {h.source}
                      {h.actor ? ` (${h.actor})` : ''}
                    </td>
                    <td className="wrap">{h.reason ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}

/** Why a lead is marked "may have been sent" (docs/architecture.md "Job leases, heartbeats and Idempotency-Key"). */
function MaybeSentNotice({ leadId }: { leadId: string }) {
  return (
    <Notice tone="warning">
      <strong>May have been sent.</strong> The process stopped while this push was in flight; the advertiser
      may have received it. The retry carried the same Idempotency-Key (<code>{leadId}</code>), so an
      advertiser that honours the header keeps one lead.
    </Notice>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

function StatusChange({
  leadId,
  current,
  onChanged,
}: {
  leadId: string;
  current: string;
  onChanged: () => void;
}) {
  const [status, setStatus] = useState(current);
  const [reason, setReason] = useState('');
  const [goal, setGoal] = useState('');
  const [problem, setProblem] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    setDone(undefined);
    if (!reason.trim()) return setProblem('Say why: it is kept in the status history');
    setProblem(undefined);
    setBusy(true);
    try {
      const reply = await api.post<{ result: string }>(`/api/admin/leads/${leadId}/status`, {
        status,
        reason: reason.trim(),
        goal: goal.trim() || undefined,
      });
      setDone(reply.result === 'no-changes' ? 'Nothing changed.' : `Status set to ${status}.`);
      setReason('');
      onChanged();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={submit} noValidate aria-label="Change status">
      <h2>Change status</h2>
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <div className="form-grid">
        <Field label="New status">
          {(c) => (
            <select {...c} value={status} onChange={(e) => setStatus(e.target.value)}>
              {LEAD_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {LEAD_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Goal" hint="Optional: a goal key or alias">
          {(c) => <input {...c} value={goal} onChange={(e) => setGoal(e.target.value)} />}
        </Field>
        <Field label="Reason" required wide error={problem}>
          {(c) => (
            <input {...c} value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Change status'}
        </button>
      </div>
    </form>
  );
}
