import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CapUsage, describeCap } from '../../components/cap-usage';
import { Field } from '../../components/field';
import { ErrorNotice, Loading } from '../../components/notice';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';
import type { Cap, Offer, Publisher } from '../../lib/types';
import { useAccess } from '../access';
import { nameOf } from '../lookups';

interface Props {
  /** The offer page's panel: caps of this offer (any publisher, or one). */
  offerId?: string;
  /** The publisher's panel: caps naming this publisher. */
  publisherId?: string;
  offers?: Offer[];
  publishers?: Publisher[];
}

interface Draft {
  other: string;
  period: Cap['period'];
  metric: Cap['metric'];
  limit: string;
  mode: Cap['mode'];
  on_reached: Cap['on_reached'];
  time_zone: string;
}

const EMPTY: Draft = {
  other: '',
  period: 'daily',
  metric: 'leads',
  limit: '',
  mode: 'hard',
  on_reached: 'trafficback',
  time_zone: 'UTC',
};

/** Caps with usage bars, and a small form to add one (issue 19: caps that never leak). */
export function CapsPanel({ offerId, publisherId, offers, publishers }: Props) {
  const { t } = useTranslation();
  const canChange = useAccess().can('POST /api/admin/caps');
  const query = { offer_id: offerId, publisher_id: publisherId };
  const caps = useResource(`caps-${offerId ?? ''}-${publisherId ?? ''}`, () =>
    api.get<Cap[]>('/api/admin/caps', query),
  );
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [failure, setFailure] = useState<unknown>();
  const [limitError, setLimitError] = useState<string>();
  const set = (key: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  async function add(event: FormEvent) {
    event.preventDefault();
    const pattern = draft.metric === 'payout' ? /^\d{1,12}(\.\d{1,4})?$/ : /^\d{1,12}$/;
    if (!pattern.test(draft.limit.trim()) || Number(draft.limit) <= 0) {
      setLimitError(draft.metric === 'payout' ? t('traffic.caps.amountError') : t('traffic.caps.countError'));
      return;
    }
    setLimitError(undefined);
    setFailure(undefined);
    try {
      await api.post<Cap>('/api/admin/caps', {
        offer_id: offerId ?? (draft.other || undefined),
        publisher_id: publisherId ?? (draft.other || undefined),
        period: draft.period,
        metric: draft.metric,
        limit: draft.limit.trim(),
        mode: draft.mode,
        on_reached: draft.on_reached,
        time_zone: draft.time_zone.trim() || 'UTC',
      });
      setDraft(EMPTY);
      caps.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  async function toggle(cap: Cap) {
    setFailure(undefined);
    try {
      await api.patch<Cap>(`/api/admin/caps/${cap.id}`, { active: !cap.active });
      caps.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  const whose = (cap: Cap) =>
    offerId
      ? cap.publisher_id
        ? t('traffic.caps.publisherX', { name: nameOf(publishers, cap.publisher_id) })
        : t('traffic.caps.allPublishers')
      : cap.offer_id
        ? t('traffic.caps.offerX', { name: nameOf(offers, cap.offer_id) })
        : t('traffic.caps.allOffers');

  return (
    <section className="panel" aria-labelledby="caps-title">
      <h2 id="caps-title">{t('traffic.caps.title')}</h2>
      <p className="hint">{t('traffic.caps.hint')}</p>
      {caps.error ? <ErrorNotice error={caps.error} onRetry={caps.reload} /> : null}
      {failure ? <ErrorNotice error={failure} /> : null}
      {!caps.data ? (
        !caps.error && <Loading />
      ) : caps.data.length === 0 ? (
        <p className="muted">{t('traffic.caps.none')}</p>
      ) : (
        <ul className="caps-list">
          {caps.data.map((cap) => (
            <li key={cap.id} className={cap.active ? undefined : 'muted'}>
              <div className="cap-head">
                <strong>{whose(cap)}</strong> · {describeCap(cap)}
                {!cap.active && ` · ${t('traffic.caps.offShort')}`}
                {canChange && (
                  <button type="button" className="button-small" onClick={() => toggle(cap)}>
                    {cap.active ? t('traffic.switchOff') : t('traffic.switchOn')}
                  </button>
                )}
              </div>
              <CapUsage cap={cap} />
            </li>
          ))}
        </ul>
      )}
      {canChange && (
        <form
          className="filters filters-grid"
          onSubmit={add}
          noValidate
          aria-label={t('traffic.caps.addForm')}
        >
          {offerId && publishers && (
            <Field label={t('admin.col.publisher')}>
              {(c) => (
                <select {...c} value={draft.other} onChange={set('other')}>
                  <option value="">{t('traffic.caps.allPublishers')}</option>
                  {publishers.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          {publisherId && offers && (
            <Field label={t('admin.col.offer')}>
              {(c) => (
                <select {...c} value={draft.other} onChange={set('other')}>
                  <option value="">{t('traffic.caps.allOffers')}</option>
                  {offers.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field label={t('traffic.caps.countedIn')}>
            {(c) => (
              <select {...c} value={draft.metric} onChange={set('metric')}>
                <option value="clicks">{t('traffic.caps.metric.clicks')}</option>
                <option value="leads">{t('traffic.caps.metric.leads')}</option>
                <option value="conversions">{t('traffic.caps.metric.conversions')}</option>
                <option value="payout">{t('traffic.caps.metric.payout')}</option>
              </select>
            )}
          </Field>
          <Field label={t('traffic.caps.period')}>
            {(c) => (
              <select {...c} value={draft.period} onChange={set('period')}>
                <option value="hourly">{t('traffic.caps.periods.hourly')}</option>
                <option value="daily">{t('traffic.caps.periods.daily')}</option>
                <option value="monthly">{t('traffic.caps.periods.monthly')}</option>
                <option value="total">{t('traffic.caps.periods.total')}</option>
              </select>
            )}
          </Field>
          <Field label={t('traffic.caps.limit')} error={limitError}>
            {(c) => (
              <input
                {...c}
                value={draft.limit}
                className="input-short"
                placeholder="100"
                onChange={set('limit')}
              />
            )}
          </Field>
          <Field label={t('traffic.caps.kind')}>
            {(c) => (
              <select {...c} value={draft.mode} onChange={set('mode')}>
                <option value="hard">{t('traffic.caps.hard')}</option>
                <option value="soft">{t('traffic.caps.soft')}</option>
              </select>
            )}
          </Field>
          <Field label={t('traffic.caps.whenReached')}>
            {(c) => (
              <select {...c} value={draft.on_reached} onChange={set('on_reached')}>
                <option value="trafficback">{t('traffic.caps.reached.trafficback')}</option>
                <option value="refuse">{t('traffic.caps.reached.refuse')}</option>
                <option value="next_stream">{t('traffic.caps.reached.next_stream')}</option>
              </select>
            )}
          </Field>
          <Field label={t('traffic.caps.timeZone')}>
            {(c) => <input {...c} value={draft.time_zone} placeholder="UTC" onChange={set('time_zone')} />}
          </Field>
          <div className="filter-actions">
            <button type="submit" className="button-primary">
              {t('traffic.caps.add')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
