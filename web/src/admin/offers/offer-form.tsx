import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Field } from '../../components/field';
import { Money } from '../../components/money';
import { FormProblems } from '../../components/notice';
import { useFormSubmit } from '../../hooks/use-form-submit';
import { Coded } from '../../i18n/coded';
import type { Advertiser } from '../../lib/types';
import { GoalsEditor } from './goals-editor';
import { type OfferForm, offerMargin, validateOffer } from './offer-form-model';
import { PixelSettings } from './pixel-settings';

interface Props {
  initial: OfferForm;
  advertisers: Advertiser[];
  submitLabel: string;
  onSubmit: (form: OfferForm) => Promise<void>;
}

/** Fields typed as text (selects of string unions included). */
type TextKey = { [K in keyof OfferForm]: OfferForm[K] extends string ? K : never }[keyof OfferForm];

const MACROS = '{click_id} {offer_id} {pub_id} {flow} {sub1}…{sub10} {country} {fbclid} {gclid}';

export function OfferFormView({ initial, advertisers, submitLabel, onSubmit }: Props) {
  const { t } = useTranslation();
  const [form, setForm] = useState(initial);
  const { errors, failure, busy, submit } = useFormSubmit(validateOffer, onSubmit);
  const set = <K extends keyof OfferForm>(key: K, value: OfferForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const text = (key: TextKey) => (e: { target: { value: string } }) => set(key, e.target.value);
  const currency = form.currency.trim().toUpperCase();
  const margin = offerMargin(form.adv_payout, form.pub_payout, currency);

  return (
    <form className="form" onSubmit={(event) => submit(event, form)} noValidate>
      <FormProblems errors={errors} failure={failure} />
      <div className="form-grid">
        <Field label={t('forms.offer.name')} error={errors.name} required>
          {(c) => <input {...c} value={form.name} onChange={text('name')} />}
        </Field>
        <Field
          label={t('forms.offer.advertiser')}
          error={errors.advertiser_id}
          required
          hint={
            advertisers.length === 0 ? (
              <Link to="/admin/advertisers/new">{t('forms.offer.addAdvertiserFirst')}</Link>
            ) : undefined
          }
        >
          {(c) => (
            <select {...c} value={form.advertiser_id} onChange={text('advertiser_id')}>
              <option value="">{t('forms.choose')}</option>
              {advertisers.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t('forms.offer.advOfferId')}
          error={errors.adv_offer_id}
          hint={t('forms.offer.advOfferIdHint', { macro: '{adv_offer_id}' })}
        >
          {(c) => <input {...c} value={form.adv_offer_id} onChange={text('adv_offer_id')} />}
        </Field>
        <Field label={t('forms.offer.currency')} error={errors.currency} hint={t('forms.offer.currencyHint')}>
          {(c) => (
            <input
              {...c}
              value={form.currency}
              maxLength={3}
              className="input-short"
              onChange={text('currency')}
            />
          )}
        </Field>
        <Field
          label={t('forms.offer.landingUrl')}
          error={errors.landing_url}
          required
          wide
          hint={t('forms.offer.macros', { macros: MACROS })}
        >
          {(c) => <input {...c} type="url" value={form.landing_url} onChange={text('landing_url')} />}
        </Field>
        <Field
          label={t('forms.offer.advPayout')}
          error={errors.adv_payout}
          required
          hint={t('forms.offer.advPayoutHint')}
        >
          {(c) => <input {...c} inputMode="decimal" value={form.adv_payout} onChange={text('adv_payout')} />}
        </Field>
        <Field
          label={t('forms.offer.pubPayout')}
          error={errors.pub_payout}
          required
          hint={
            margin === undefined ? (
              t('forms.offer.pubPayoutHint')
            ) : (
              <span className={margin.startsWith('-') ? 'warn' : undefined}>
                {t('forms.offer.margin')} <Money amount={margin} currency={currency} />
                {margin.startsWith('-') ? ` — ${t('forms.offer.negativeMargin')}` : ''}
              </span>
            )
          }
        >
          {(c) => <input {...c} inputMode="decimal" value={form.pub_payout} onChange={text('pub_payout')} />}
        </Field>
        <Field label="GEO" error={errors.geo} hint={<Coded k="forms.offer.geoHint" />}>
          {(c) => <input {...c} value={form.geo} onChange={text('geo')} />}
        </Field>
        <Field
          label={t('forms.offer.dailyCap')}
          error={errors.daily_cap}
          hint={t('forms.offer.dailyCapHint')}
        >
          {(c) => <input {...c} inputMode="numeric" value={form.daily_cap} onChange={text('daily_cap')} />}
        </Field>
        <Field label={t('forms.offer.visibility')} hint={t('forms.offer.visibilityHint')}>
          {(c) => (
            <select {...c} value={form.visibility} onChange={text('visibility')}>
              <option value="public">{t('forms.offer.public')}</option>
              <option value="private">{t('forms.offer.private')}</option>
            </select>
          )}
        </Field>
        <Field label={t('admin.col.status')}>
          {(c) => (
            <select {...c} value={form.status} onChange={text('status')}>
              <option value="active">{t('forms.offer.active')}</option>
              <option value="paused">{t('forms.offer.paused')}</option>
            </select>
          )}
        </Field>
        <Field
          label={t('forms.offer.trafficbackUrl')}
          error={errors.trafficback_url}
          wide
          hint={t('forms.offer.trafficbackHint')}
        >
          {(c) => <input {...c} type="url" value={form.trafficback_url} onChange={text('trafficback_url')} />}
        </Field>
        <div className="field field-wide checkbox">
          <label>
            <input
              type="checkbox"
              checked={form.append_click_id}
              onChange={(e) => set('append_click_id', e.target.checked)}
            />{' '}
            <Trans
              i18nKey="forms.offer.appendClickId"
              values={{ macro: '{click_id}' }}
              components={{ c: <code /> }}
            />
          </label>
        </div>
        <div className="field field-wide checkbox">
          <label>
            <input
              type="checkbox"
              checked={form.push_created_leads}
              onChange={(e) => set('push_created_leads', e.target.checked)}
            />{' '}
            {t('forms.offer.pushCreated')}
          </label>
        </div>
        <Field label={t('forms.offer.description')} wide hint={t('forms.offer.descriptionHint')}>
          {(c) => <textarea {...c} rows={3} value={form.description} onChange={text('description')} />}
        </Field>
        <div className="field field-wide checkbox">
          <label>
            <input
              type="checkbox"
              checked={form.allow_pub_above_adv}
              onChange={(e) => set('allow_pub_above_adv', e.target.checked)}
            />{' '}
            {t('forms.offer.allowAbove')}
          </label>
          {form.allow_pub_above_adv ? (
            <p className="hint warn" role="note">
              <Coded k="forms.offer.allowAboveWarn" />
            </p>
          ) : (
            <p className="hint">
              <Coded k="forms.offer.allowAboveOff" />
            </p>
          )}
        </div>
      </div>
      <PixelSettings form={form} errors={errors} onChange={set} />
      <GoalsEditor goals={form.goals} errors={errors} onChange={(goals) => set('goals', goals)} />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? t('admin.act.saving') : submitLabel}
        </button>
      </div>
    </form>
  );
}
