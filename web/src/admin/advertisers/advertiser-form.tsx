import { useState } from 'react';
import { Field } from '../../components/field';
import { FormProblems } from '../../components/notice';
import { useFormSubmit } from '../../hooks/use-form-submit';
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
  const [form, setForm] = useState(initial);
  const { errors, failure, busy, submit } = useFormSubmit(validateAdvertiser, onSubmit);
  const set = <K extends AdvertiserField>(key: K, value: AdvertiserForm[K]) =>
    setForm((previous) => ({ ...previous, [key]: value }));

  const s2s = form.integration_type === 's2s_get';
  return (
    <form className="form" onSubmit={(event) => submit(event, form)} noValidate>
      <FormProblems errors={errors} failure={failure} />
      <fieldset className="presets">
        <legend>Integration preset</legend>
        {INTEGRATION_PRESETS.map((preset) => (
          <button key={preset.id} type="button" onClick={() => setForm((f) => applyPreset(f, preset))}>
            {preset.label}
          </button>
        ))}
        <p className="hint">Fills integration type, encoding and auth location; you can change them after.</p>
      </fieldset>
      <div className="form-grid">
        <Field label="Company name" error={errors.name} required>
          {(c) => <input {...c} value={form.name} onChange={(e) => set('name', e.target.value)} />}
        </Field>
        <Field label="Status">
          {(c) => (
            <select
              {...c}
              value={form.status}
              onChange={(e) => set('status', e.target.value as AdvertiserForm['status'])}
            >
              <option value="active">Active</option>
              <option value="paused">Paused</option>
            </select>
          )}
        </Field>
        <Field
          label="Integration type"
          hint="API Push sends the lead as POST; S2S sends a GET with query parameters."
        >
          {(c) => (
            <select
              {...c}
              value={form.integration_type}
              onChange={(e) => set('integration_type', e.target.value as AdvertiserForm['integration_type'])}
            >
              <option value="api_post">API Push (POST)</option>
              <option value="s2s_get">S2S (GET)</option>
            </select>
          )}
        </Field>
        <Field
          label="POST encoding"
          hint={s2s ? 'Not used by S2S GET.' : 'Many CPA networks (WhoCPA, Affise) use form-encoded.'}
        >
          {(c) => (
            <select
              {...c}
              value={form.post_encoding}
              disabled={s2s}
              onChange={(e) => set('post_encoding', e.target.value as AdvertiserForm['post_encoding'])}
            >
              <option value="json">JSON</option>
              <option value="form">Form-encoded</option>
            </select>
          )}
        </Field>
        <Field
          label="Lead endpoint URL"
          error={errors.endpoint_url}
          required
          wide
          hint="Where leads are sent, e.g. https://api2.whocpa.asia/lead/add"
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
        <Field label="Auth key" hint="Their API key or access token.">
          {(c) => (
            <input
              {...c}
              autoComplete="off"
              value={form.auth_key}
              onChange={(e) => set('auth_key', e.target.value)}
            />
          )}
        </Field>
        <Field label="Auth location">
          {(c) => (
            <select
              {...c}
              value={form.auth_location}
              onChange={(e) => set('auth_location', e.target.value as AdvertiserForm['auth_location'])}
            >
              <option value="header">Header</option>
              <option value="body">Body</option>
              <option value="query">Query</option>
            </select>
          )}
        </Field>
        {form.auth_location === 'header' ? (
          <Field label="Header name" error={errors.auth_header_name} hint="Default X-API-Key.">
            {(c) => (
              <input
                {...c}
                value={form.auth_header_name}
                onChange={(e) => set('auth_header_name', e.target.value)}
              />
            )}
          </Field>
        ) : (
          <Field label="Body/Query field" error={errors.auth_field_name} hint="Default api_key.">
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
          label="Payload template (JSON)"
          error={errors.payload_template}
          wide
          hint={`Their field names → {variable} or a fixed value. Variables: ${TEMPLATE_VARIABLES.map((v) => `{${v}}`).join(' ')}`}
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
          label="Extra static params (JSON)"
          error={errors.extra_params}
          wide
          hint='Added to every request, e.g. {"aff_id": "1033667789"}'
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
          label="Click ID parameter"
          error={errors.click_param}
          hint="The parameter their network takes our click ID in, e.g. sub1, aff_sub, subid. Empty: click_id."
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
            Automatically add click ID to link: every offer's landing URL without a {'{click}'} macro gets{' '}
            <code>{form.click_param.trim() || 'click_id'}=</code> and the click ID
          </label>
        </div>
        <div className="field checkbox">
          <label>
            <input
              type="checkbox"
              checked={form.postback_strict}
              onChange={(e) => set('postback_strict', e.target.checked)}
            />{' '}
            Strict postbacks: refuse (422) a postback that sends a payout, currency or status parameter we do
            not use, instead of accepting it with a warning in the Postback Log
          </label>
        </div>
        <InboundProfileFields form={form} errors={errors} set={set} />
        <StatusMapFields form={form} errors={errors} set={set} />
        <Field label="Notes" wide>
          {(c) => (
            <textarea {...c} rows={2} value={form.notes} onChange={(e) => set('notes', e.target.value)} />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
