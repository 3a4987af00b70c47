import { useTranslation } from 'react-i18next';
import { Field } from '../../components/field';
import { Coded } from '../../i18n/coded';
import type { FieldErrors } from '../../lib/validate';
import type { AdvertiserField, AdvertiserForm } from './advertiser-form-model';

interface Props {
  form: AdvertiserForm;
  errors: FieldErrors<AdvertiserField>;
  set: <K extends AdvertiserField>(key: K, value: AdvertiserForm[K]) => void;
}

const NAMES: (AdvertiserField & `inbound_${string}`)[] = [
  'inbound_status_param',
  'inbound_payout_param',
  'inbound_currency_param',
  'inbound_lead_id_param',
  'inbound_txid_param',
  'inbound_goal_param',
];

/**
 * The advertiser's inbound profile: the names its network's postbacks use. A name typed here wins
 * over the built-in aliases; an empty one falls back to them.
 */
export function InboundProfileFields({ form, errors, set }: Props) {
  const { t } = useTranslation();
  return (
    <fieldset className="field-wide inbound-profile">
      <legend>{t('forms.inbound.legend')}</legend>
      <p className="hint">{t('forms.inbound.hint')}</p>
      <div className="form-grid">
        <Field
          label={t('forms.inbound.clickParams')}
          error={errors.inbound_click_params}
          hint={<Coded k="forms.inbound.clickParamsHint" />}
        >
          {(c) => (
            <input
              {...c}
              className="mono"
              value={form.inbound_click_params}
              onChange={(e) => set('inbound_click_params', e.target.value)}
            />
          )}
        </Field>
        {NAMES.map((field) => (
          <Field
            key={field}
            label={t(`forms.inbound.${field}.label`)}
            error={errors[field]}
            hint={<Coded k={`forms.inbound.${field}.hint`} />}
          >
            {(c) => (
              <input
                {...c}
                className="mono"
                value={String(form[field])}
                onChange={(e) => set(field, e.target.value)}
              />
            )}
          </Field>
        ))}
        <Field label={t('forms.inbound.withoutStatus')} hint={<Coded k="forms.inbound.withoutStatusHint" />}>
          {(c) => (
            <select
              {...c}
              value={form.inbound_without_status}
              onChange={(e) =>
                set('inbound_without_status', e.target.value as AdvertiserForm['inbound_without_status'])
              }
            >
              <option value="">{t('forms.inbound.endpointDefault')}</option>
              <option value="approved">{t('forms.inbound.approves')}</option>
              <option value="new-lead">{t('forms.inbound.newLead')}</option>
              <option value="refuse">{t('forms.inbound.refused')}</option>
            </select>
          )}
        </Field>
        <Field label={t('forms.inbound.reversals')} hint={t('forms.inbound.reversalsHint')}>
          {(c) => (
            <select
              {...c}
              value={form.inbound_reversal}
              onChange={(e) => set('inbound_reversal', e.target.value as AdvertiserForm['inbound_reversal'])}
            >
              <option value="status">{t('forms.inbound.revStatus')}</option>
              <option value="negative-payout">{t('forms.inbound.revNegative')}</option>
              <option value="param">{t('forms.inbound.revParam')}</option>
            </select>
          )}
        </Field>
        {form.inbound_reversal === 'param' && (
          <Field
            label={t('forms.inbound.reversalParam')}
            error={errors.inbound_reversal_param}
            hint={<Coded k="forms.inbound.reversalParamHint" />}
          >
            {(c) => (
              <input
                {...c}
                className="mono"
                value={form.inbound_reversal_param}
                onChange={(e) => set('inbound_reversal_param', e.target.value)}
              />
            )}
          </Field>
        )}
      </div>
    </fieldset>
  );
}
