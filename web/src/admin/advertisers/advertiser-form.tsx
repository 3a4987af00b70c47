import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Field } from '../../components/field';
import { FormProblems } from '../../components/notice';
import { useFormSubmit } from '../../hooks/use-form-submit';
import { Coded } from '../../i18n/coded';
import { INTEGRATION_PRESETS, TEMPLATE_VARIABLES } from '../../lib/presets';
import {
  type AdvertiserField,
  type AdvertiserForm,
  applyPreset,
  validateAdvertiser,
} from './advertiser-form-model';
import { InboundProfileFields } from './inbound-profile-fields';
import { StatusMapFields } from './status-map-fields';

interface Props {
  initial: AdvertiserForm;
  submitLabel: string;
  onSubmit: (form: AdvertiserForm) => Promise<void>;
}

export function AdvertiserFormView({ initial, submitLabel, onSubmit }: Props) {
  const { t } = useTranslation();
  const [form, setForm] = useState(initial);
  const { errors, failure, busy, submit } = useFormSubmit(validateAdvertiser, onSubmit);
  const set = <K extends AdvertiserField>(key: K, value: AdvertiserForm[K]) =>
    setForm((previous) => ({ ...previous, [key]: value }));

  const s2s = form.integration_type === 's2s_get';
  return (
    <form className="form" onSubmit={(event) => submit(event, form)} noValidate>
      <FormProblems errors={errors} failure={failure} />
      <fieldset className="presets">
        <legend>{t('forms.adv.preset')}</legend>
        {INTEGRATION_PRESETS.map((preset) => (
          <button key={preset.id} type="button" onClick={() => setForm((f) => applyPreset(f, preset))}>
            {preset.id === 'custom' ? t('forms.adv.customPreset') : preset.label}
          </button>
        ))}
        <p className="hint">{t('forms.adv.presetHint')}</p>
      </fieldset>
      <div className="form-grid">
        <Field label={t('forms.adv.company')} error={errors.name} required>
          {(c) => <input {...c} value={form.name} onChange={(e) => set('name', e.target.value)} />}
        </Field>
        <Field label={t('admin.col.status')}>
          {(c) => (
            <select
              {...c}
              value={form.status}
              onChange={(e) => set('status', e.target.value as AdvertiserForm['status'])}
            >
              <option value="active">{t('forms.offer.active')}</option>
              <option value="paused">{t('forms.offer.paused')}</option>
            </select>
          )}
        </Field>
        <Field label={t('forms.adv.type')} hint={t('forms.adv.typeHint')}>
          {(c) => (
            <select
              {...c}
              value={form.integration_type}
              onChange={(e) => set('integration_type', e.target.value as AdvertiserForm['integration_type'])}
            >
              <option value="api_post">{t('forms.adv.apiPush')}</option>
              <option value="s2s_get">S2S (GET)</option>
            </select>
          )}
        </Field>
        <Field
          label={t('forms.adv.encoding')}
          hint={s2s ? t('forms.adv.encodingS2s') : t('forms.adv.encodingHint')}
        >
          {(c) => (
            <select
              {...c}
              value={form.post_encoding}
              disabled={s2s}
              onChange={(e) => set('post_encoding', e.target.value as AdvertiserForm['post_encoding'])}
            >
              <option value="json">JSON</option>
              <option value="form">{t('forms.adv.formEncoded')}</option>
            </select>
          )}
        </Field>
        <Field
          label={t('forms.adv.endpoint')}
          error={errors.endpoint_url}
          required
          wide
          hint={t('forms.adv.endpointHint', { url: 'https://api2.whocpa.asia/lead/add' })}
        >
          {(c) => (
            <input
              {...c}
              type="url"
              value={form.endpoint_url}
              onChange={(e) => set('endpoint_url', e.target.value)}
            />
          )}
        </Field>
        <Field label={t('forms.adv.authKey')} hint={t('forms.adv.authKeyHint')}>
          {(c) => (
            <input
              {...c}
              autoComplete="off"
              value={form.auth_key}
              onChange={(e) => set('auth_key', e.target.value)}
            />
          )}
        </Field>
        <Field label={t('forms.adv.authLocation')}>
          {(c) => (
            <select
              {...c}
              value={form.auth_location}
              onChange={(e) => set('auth_location', e.target.value as AdvertiserForm['auth_location'])}
            >
              <option value="header">{t('forms.adv.loc.header')}</option>
              <option value="body">{t('forms.adv.loc.body')}</option>
              <option value="query">{t('forms.adv.loc.query')}</option>
            </select>
          )}
        </Field>
        {form.auth_location === 'header' ? (
          <Field
            label={t('forms.adv.headerName')}
            error={errors.auth_header_name}
            hint={<Coded k="forms.adv.headerNameHint" values={{ name: 'X-API-Key' }} />}
          >
            {(c) => (
              <input
                {...c}
                value={form.auth_header_name}
                onChange={(e) => set('auth_header_name', e.target.value)}
              />
            )}
          </Field>
        ) : (
          <Field
            label={t('forms.adv.fieldName')}
            error={errors.auth_field_name}
            hint={<Coded k="forms.adv.headerNameHint" values={{ name: 'api_key' }} />}
          >
            {(c) => (
              <input
                {...c}
                value={form.auth_field_name}
                onChange={(e) => set('auth_field_name', e.target.value)}
              />
            )}
          </Field>
        )}
        <Field
          label={t('forms.adv.payload')}
          error={errors.payload_template}
          wide
          hint={t('forms.adv.payloadHint', {
            variable: '{variable}',
            list: TEMPLATE_VARIABLES.map((v) => `{${v}}`).join(' '),
          })}
        >
          {(c) => (
            <textarea
              {...c}
              rows={8}
              className="mono"
              value={form.payload_template}
              onChange={(e) => set('payload_template', e.target.value)}
            />
          )}
        </Field>
        <Field
          label={t('forms.adv.extra')}
          error={errors.extra_params}
          wide
          hint={<Coded k="forms.adv.extraHint" values={{ example: '{"aff_id": "1033667789"}' }} />}
        >
          {(c) => (
            <textarea
              {...c}
              rows={3}
              className="mono"
              value={form.extra_params}
              onChange={(e) => set('extra_params', e.target.value)}
            />
          )}
        </Field>
        <Field
          label={t('forms.adv.clickParam')}
          error={errors.click_param}
          hint={<Coded k="forms.adv.clickParamHint" />}
        >
          {(c) => (
            <input
              {...c}
              className="mono"
              value={form.click_param}
              onChange={(e) => set('click_param', e.target.value)}
            />
          )}
        </Field>
        <div className="field checkbox">
          <label>
            <input
              type="checkbox"
              checked={form.auto_click_id}
              onChange={(e) => set('auto_click_id', e.target.checked)}
            />{' '}
            <Trans
              i18nKey="forms.adv.autoClickId"
              values={{ macro: '{click}', param: `${form.click_param.trim() || 'click_id'}=` }}
              components={{ c: <code /> }}
            />
          </label>
        </div>
        <div className="field checkbox">
          <label>
            <input
              type="checkbox"
              checked={form.postback_strict}
              onChange={(e) => set('postback_strict', e.target.checked)}
            />{' '}
            {t('forms.adv.strict')}
          </label>
        </div>
        <InboundProfileFields form={form} errors={errors} set={set} />
        <StatusMapFields form={form} errors={errors} set={set} />
        <Field label={t('forms.adv.notes')} wide>
          {(c) => (
            <textarea {...c} rows={2} value={form.notes} onChange={(e) => set('notes', e.target.value)} />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? t('admin.act.saving') : submitLabel}
        </button>
      </div>
    </form>
  );
}
