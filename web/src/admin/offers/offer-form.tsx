import { useState } from 'react';
import { Link } from 'react-router';
import { Field } from '../../components/field';
import { Money } from '../../components/money';
import { FormProblems } from '../../components/notice';
import { useFormSubmit } from '../../hooks/use-form-submit';
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
        <Field label="Offer name" error={errors.name} required>
          {(c) => <input {...c} value={form.name} onChange={text('name')} />}
        </Field>
        <Field
          label="Advertiser"
          error={errors.advertiser_id}
          required
          hint={
            advertisers.length === 0 ? (
              <Link to="/admin/advertisers/new">Add an advertiser first</Link>
            ) : undefined
          }
        >
          {(c) => (
            <select {...c} value={form.advertiser_id} onChange={text('advertiser_id')}>
              <option value="">Choose…</option>
              {advertisers.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Adv Offer ID"
          error={errors.adv_offer_id}
          hint="The offer's ID in the advertiser's system, e.g. 6411 ({adv_offer_id} in templates)."
        >
          {(c) => <input {...c} value={form.adv_offer_id} onChange={text('adv_offer_id')} />}
        </Field>
        <Field label="Currency" error={errors.currency} hint="ISO 4217, e.g. USD">
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
        <Field label="Landing URL" error={errors.landing_url} required wide hint={`Macros: ${MACROS}`}>
          {(c) => <input {...c} type="url" value={form.landing_url} onChange={text('landing_url')} />}
        </Field>
        <Field
          label="Advertiser payout"
          error={errors.adv_payout}
          required
          hint="What they pay you per approved lead."
        >
          {(c) => <input {...c} inputMode="decimal" value={form.adv_payout} onChange={text('adv_payout')} />}
        </Field>
        <Field
          label="Publisher payout"
          error={errors.pub_payout}
          required
          hint={
            margin === undefined ? (
              'What you pay publishers.'
            ) : (
              <span className={margin.startsWith('-') ? 'warn' : undefined}>
                Your margin: <Money amount={margin} currency={currency} />
                {margin.startsWith('-') ? ' — you pay out more than you earn' : ''}
              </span>
            )
          }
        >
          {(c) => <input {...c} inputMode="decimal" value={form.pub_payout} onChange={text('pub_payout')} />}
        </Field>
        <Field
          label="GEO"
          error={errors.geo}
          hint="Comma-separated ISO codes, e.g. IN, PK, BD. Empty: worldwide."
        >
          {(c) => <input {...c} value={form.geo} onChange={text('geo')} />}
        </Field>
        <Field label="Daily cap" error={errors.daily_cap} hint="Accepted clicks a day; empty for no cap.">
          {(c) => <input {...c} inputMode="numeric" value={form.daily_cap} onChange={text('daily_cap')} />}
        </Field>
        <Field label="Visibility" hint="Private offers are seen only by publishers you assign.">
          {(c) => (
            <select {...c} value={form.visibility} onChange={text('visibility')}>
              <option value="public">Public — all publishers</option>
              <option value="private">Private — assigned publishers only</option>
            </select>
          )}
        </Field>
        <Field label="Status">
          {(c) => (
            <select {...c} value={form.status} onChange={text('status')}>
              <option value="active">Active</option>
              <option value="paused">Paused</option>
            </select>
          )}
        </Field>
        <Field
          label="Trafficback URL"
          error={errors.trafficback_url}
          wide
          hint="Where rejected clicks go instead of an error page."
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
            Add the click ID to the landing URL when it has no {'{click_id}'} macro (under the advertiser's
            click ID parameter, <code>click_id=</code> if it names none)
          </label>
        </div>
        <div className="field field-wide checkbox">
          <label>
            <input
              type="checkbox"
              checked={form.push_created_leads}
              onChange={(e) => set('push_created_leads', e.target.checked)}
            />{' '}
            Push leads made by a postback or the pixel to the advertiser (e.g. a thank-you page reporting the
            buyer); never a lead that echoes one already pushed
          </label>
        </div>
        <Field label="Description" wide hint="Shown to publishers.">
          {(c) => <textarea {...c} rows={3} value={form.description} onChange={text('description')} />}
        </Field>
        <div className="field field-wide checkbox">
          <label>
            <input
              type="checkbox"
              checked={form.allow_pub_above_adv}
              onChange={(e) => set('allow_pub_above_adv', e.target.checked)}
            />{' '}
            Let a postback or ingest call pay the publisher more than the advertiser pays for the same
            conversion
          </label>
          {form.allow_pub_above_adv ? (
            <p className="hint warn" role="note">
              Warning: whoever holds the advertiser's postback token can then pay any publisher any amount up
              to MAX_PAYOUT, and the network pays the difference.
            </p>
          ) : (
            <p className="hint">Off: such a postback is refused (422 bad-payout) and logged.</p>
          )}
        </div>
      </div>
      <PixelSettings form={form} errors={errors} onChange={set} />
      <GoalsEditor goals={form.goals} errors={errors} onChange={(goals) => set('goals', goals)} />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
