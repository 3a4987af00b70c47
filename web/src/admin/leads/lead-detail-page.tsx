import { type FormEvent, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Badge } from '../../components/badge';
import { Field } from '../../components/field';
import { Money } from '../../components/money';
import { ErrorNotice, Loading, Notice } from '../../components/notice';
import { DateTime } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { tr } from '../../i18n';
import { ServerText } from '../../i18n/coded';
import { api } from '../../lib/api';
import { LEAD_STATUS_LABELS, LEAD_STATUSES } from '../../lib/lead-filters';
import type { LeadDetail, LeadHistoryEntry } from '../../lib/types';
import { nameOf, useAllOffers, useAllPublishers } from '../lookups';
import { PushAttempt } from './request-view';

const FIELDS: (keyof LeadDetail)[] = [
  'name',
  'phone',
  'phone_e164',
  'email',
  'country',
  'ip',
  'address',
  'comment',
  'user_agent',
  'click_id',
  'source',
  'goal',
  'fraud_rule',
  'external_id',
  'adv_lead_id',
  'status_comment',
  'sub1',
  'sub2',
  'sub3',
  'sub4',
  'sub5',
  'sub6',
  'sub7',
  'sub8',
  'sub9',
  'sub10',
];
/** Values that are codes, not words (shown as code in every language). */
const CODES = new Set<keyof LeadDetail>(['source', 'fraud_rule', 'goal', 'click_id', 'user_agent']);
const fieldLabel = (key: keyof LeadDetail) =>
  key.startsWith('sub') ? `Sub${key.slice(3)}` : tr(`forms.lead.field.${key}`);

/** One lead: every field, its custom fields, push attempts with request and response, status history. */
export function LeadDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  usePageTitle(t('forms.lead.title', { id }));
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
      setPushNote(t('forms.lead.queued'));
      reload();
    } catch (error) {
      setPushFailure(error);
    }
  }

  return (
    <section>
      <p>
        <Link to="/admin/leads">← {t('forms.lead.leads')}</Link>
      </p>
      <div className="page-head">
        <h1>
          {t('forms.lead.lead')} <code>{l.id}</code> <Badge value={l.status} />
        </h1>
        <button type="button" onClick={reload} disabled={lead.loading}>
          {t('admin.act.refresh')}
        </button>
      </div>
      <div className="panel">
        <dl className="facts">
          <dt>{t('forms.lead.received')}</dt>
          <dd>
            <DateTime iso={l.created_at} />
          </dd>
          <dt>{t('admin.col.offer')}</dt>
          <dd>{nameOf(offers.data, l.offer_id)}</dd>
          <dt>{t('admin.col.publisher')}</dt>
          <dd>{nameOf(publishers.data, l.publisher_id)}</dd>
          {FIELDS.filter((key) => l[key] !== null && l[key] !== '').map((key) => (
            <Fact key={key} label={fieldLabel(key)} value={String(l[key])} code={CODES.has(key)} />
          ))}
        </dl>
      </div>
      {meta.length > 0 && (
        <div className="panel">
          <h2>{t('forms.lead.custom')}</h2>
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
            {t('forms.lead.push')} <Badge value={l.push_status} />
            {l.push_maybe_sent && (
              <>
                {' '}
                <span className="badge badge-warning">{t('forms.lead.maybeSent')}</span>
              </>
            )}
          </h2>
          <button
            type="button"
            onClick={repush}
            disabled={l.push_status !== 'failed'}
            title={l.push_status === 'failed' ? undefined : t('forms.lead.onlyFailed')}
          >
            {t('forms.lead.repush')}
          </button>
        </div>
        {l.push_maybe_sent && <MaybeSentNotice leadId={l.id} />}
        {pushNote && <Notice tone="success">{pushNote}</Notice>}
        {pushFailure ? <ErrorNotice error={pushFailure} /> : null}
        {l.push_error && (
          <p className="field-error">
            <ServerText
              area="leadPush"
              code={l.push_error_code}
              stored={l.push_error}
              params={l.push_error_params}
              original
            />
          </p>
        )}
        {l.push_requests.length === 0 ? (
          <p className="muted">{t('forms.lead.noPush')}</p>
        ) : (
          l.push_requests.map((attempt, i) => <PushAttempt key={attempt.id} attempt={attempt} index={i} />)
        )}
      </div>
      <div className="panel">
        <h2>{t('forms.lead.history')}</h2>
        {history.error ? <ErrorNotice error={history.error} onRetry={history.reload} /> : null}
        {history.data && history.data.length === 0 && <p className="muted">{t('forms.lead.noHistory')}</p>}
        {history.data && history.data.length > 0 && (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">{t('forms.lead.history')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.col.time')}</th>
                  <th scope="col">{t('forms.lead.change')}</th>
                  <th scope="col">{t('admin.col.goal')}</th>
                  <th scope="col">{t('forms.goals.col.adv_payout')}</th>
                  <th scope="col">{t('forms.goals.col.pub_payout')}</th>
                  <th scope="col">{t('forms.lead.field.source')}</th>
                  <th scope="col">{t('admin.col.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {history.data.map((h) => (
                  <tr key={h.id}>
                    <td>
                      <DateTime iso={h.created_at} />
                    </td>
                    <td>
                      {h.from_status ? statusLabel(h.from_status) : '—'} → {statusLabel(h.to_status)}
                    </td>
                    <td>{h.goal ?? '—'}</td>
                    <td>
                      <Money amount={h.adv_payout} currency={h.currency} />
                    </td>
                    <td>
                      <Money amount={h.pub_payout} currency={h.currency} />
                    </td>
                    <td>
                      {t(`forms.lead.source.${h.source}`, { defaultValue: h.source })}
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
      <Trans
        i18nKey="forms.lead.maybeSentNotice"
        values={{ id: leadId }}
        components={{ b: <strong />, c: <code /> }}
      />
    </Notice>
  );
}

function statusLabel(status: string): string {
  return (LEAD_STATUS_LABELS as Record<string, string>)[status] ?? status;
}

function Fact({ label, value, code }: { label: string; value: string; code?: boolean }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{code ? <code>{value}</code> : value}</dd>
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
  const { t } = useTranslation();
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
    if (!reason.trim()) return setProblem(t('forms.lead.sayWhy'));
    setProblem(undefined);
    setBusy(true);
    try {
      const reply = await api.post<{ result: string }>(`/api/admin/leads/${leadId}/status`, {
        status,
        reason: reason.trim(),
        goal: goal.trim() || undefined,
      });
      setDone(
        reply.result === 'no-changes'
          ? t('forms.lead.nothingChanged')
          : t('forms.lead.statusSet', { status: statusLabel(status) }),
      );
      setReason('');
      onChanged();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={submit} noValidate aria-label={t('forms.lead.changeStatus')}>
      <h2>{t('forms.lead.changeStatus')}</h2>
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <div className="form-grid">
        <Field label={t('forms.lead.newStatus')}>
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
        <Field label={t('admin.col.goal')} hint={t('forms.lead.goalHint')}>
          {(c) => <input {...c} value={goal} onChange={(e) => setGoal(e.target.value)} />}
        </Field>
        <Field label={t('admin.col.reason')} required wide error={problem}>
          {(c) => (
            <input {...c} value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? t('admin.act.saving') : t('forms.lead.changeStatus')}
        </button>
      </div>
    </form>
  );
}
