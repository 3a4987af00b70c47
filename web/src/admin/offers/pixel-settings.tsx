import { useTranslation } from 'react-i18next';
import { Field } from '../../components/field';
import { Coded } from '../../i18n/coded';
import type { FieldErrors } from '../../lib/validate';
import { type OfferForm, PIXEL_MODES, pixelModeText } from './offer-form-model';

interface Props {
  form: OfferForm;
  errors: FieldErrors;
  onChange: <K extends keyof OfferForm>(key: K, value: OfferForm[K]) => void;
}

/** What the offer's public conversion pixel may do: each mode said in words, the per-click limit, signing. */
export function PixelSettings({ form, errors, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <fieldset className="pixel-settings">
      <legend>{t('forms.pixel.title')}</legend>
      <div role="radiogroup" aria-label={t('forms.pixel.modeLabel')} className="choice-list">
        {PIXEL_MODES.map((mode) => (
          <label key={mode} className="choice">
            <input
              type="radio"
              name="pixel_mode"
              value={mode}
              checked={form.pixel_mode === mode}
              onChange={() => onChange('pixel_mode', mode)}
            />{' '}
            <strong>{pixelModeText(mode).label}</strong> — {pixelModeText(mode).meaning}
          </label>
        ))}
      </div>
      <div className="form-grid">
        <Field
          label={t('forms.pixel.perClick')}
          error={errors.pixel_max_per_click}
          hint={t('forms.pixel.perClickHint')}
        >
          {(c) => (
            <input
              {...c}
              inputMode="numeric"
              className="input-short"
              value={form.pixel_max_per_click}
              onChange={(e) => onChange('pixel_max_per_click', e.target.value)}
            />
          )}
        </Field>
        <div className="field field-wide checkbox">
          <label>
            <input
              type="checkbox"
              checked={form.pixel_require_sig}
              onChange={(e) => onChange('pixel_require_sig', e.target.checked)}
            />{' '}
            <Coded k="forms.pixel.requireSig" />
          </label>
        </div>
      </div>
    </fieldset>
  );
}
