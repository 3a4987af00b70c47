import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { Money } from '../../components/money';
import { ErrorNotice, Loading, Notice } from '../../components/notice';
import { useResource } from '../../hooks/use-resource';
import { ApiError, api } from '../../lib/api';
import { amountProblem } from '../../lib/money';
import type { Assignment, Publisher } from '../../lib/types';
import { useAllOffers } from '../lookups';

/** Seed 000 "🎯 Offers": assign a (usually private) offer to a publisher, optionally with their own payout. */
export function AssignOffersDialog({ publisher, onClose }: { publisher?: Publisher; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog
      title={publisher ? t('forms.assign.of', { name: publisher.name }) : t('forms.offer.offers')}
      open={Boolean(publisher)}
      onClose={onClose}
      wide
    >
      {publisher && <AssignOffers publisher={publisher} />}
    </Dialog>
  );
}

function AssignOffers({ publisher }: { publisher: Publisher }) {
  const { t } = useTranslation();
  const base = `/api/admin/publishers/${publisher.id}/offers`;
  const assignments = useResource(`assignments-${publisher.id}`, () =>
    api.get<{ data: Assignment[] }>(base).then((r) => r.data),
  );
  const offers = useAllOffers();
  const [offerId, setOfferId] = useState('');
  const [payout, setPayout] = useState('');
  const [errors, setErrors] = useState<{ offer?: string; payout?: string }>({});
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const chosen = offers.data?.find((o) => o.id === offerId);

  async function assign(event: FormEvent) {
    event.preventDefault();
    const found: typeof errors = {};
    if (!chosen) found.offer = t('forms.assign.chooseOffer');
    if (chosen && payout.trim() !== '') found.payout = amountProblem(payout, chosen.currency);
    setErrors(found);
    setFailure(undefined);
    setDone(undefined);
    if (!chosen || found.offer || found.payout) return;
    try {
      await api.post(base, { offer_id: chosen.id, payout: payout.trim() === '' ? null : payout.trim() });
      setDone(t('forms.assign.assigned', { name: chosen.name }));
      setOfferId('');
      setPayout('');
      assignments.reload();
    } catch (error) {
      if (error instanceof ApiError && error.field === 'payout') setErrors({ payout: error.message });
      setFailure(error);
    }
  }

  async function remove(assignment: Assignment) {
    setFailure(undefined);
    try {
      await api.delete(`${base}/${assignment.offer_id}`);
      setDone(t('forms.assign.unassigned', { name: assignment.offer_name }));
      assignments.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  if (assignments.error || offers.error) return <ErrorNotice error={assignments.error ?? offers.error} />;
  if (!assignments.data || !offers.data) return <Loading />;
  const assigned = new Set(assignments.data.map((a) => a.offer_id));
  const choices = [...offers.data]
    .filter((o) => !assigned.has(o.id))
    .sort((a, b) => (a.visibility === b.visibility ? 0 : a.visibility === 'private' ? -1 : 1));
  return (
    <div className="dialog-body">
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <h3>{t('forms.assign.assignedTitle')}</h3>
      {assignments.data.length === 0 ? (
        <p className="muted">{t('forms.assign.none')}</p>
      ) : (
        <ul className="plain-list">
          {assignments.data.map((a) => (
            <li key={a.offer_id}>
              <span>
                {a.offer_name} —{' '}
                {a.payout === null ? (
                  <span className="muted">{t('forms.assign.offerPayout')}</span>
                ) : (
                  <Money amount={a.payout} currency={a.currency} />
                )}
              </span>
              <button
                type="button"
                className="button-small"
                onClick={() => remove(a)}
                aria-label={t('forms.assign.unassign', { name: a.offer_name })}
              >
                {t('forms.goals.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="form inline-form" onSubmit={assign} noValidate>
        <Field label={t('admin.col.offer')} error={errors.offer}>
          {(c) => (
            <select {...c} value={offerId} onChange={(e) => setOfferId(e.target.value)}>
              <option value="">{t('forms.choose')}</option>
              {choices.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name} (
                  {t('forms.assign.choice', {
                    visibility: t(`common.status.${o.visibility}`).toLowerCase(),
                    payout: o.pub_payout,
                    currency: o.currency,
                  })}
                  )
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={`${t('forms.assign.customPayout')}${chosen ? ` (${chosen.currency})` : ''}`}
          error={errors.payout}
          hint={t('forms.assign.customHint')}
        >
          {(c) => (
            <input {...c} inputMode="decimal" value={payout} onChange={(e) => setPayout(e.target.value)} />
          )}
        </Field>
        <button type="submit" className="button-primary">
          {t('forms.assign.assign')}
        </button>
      </form>
    </div>
  );
}
