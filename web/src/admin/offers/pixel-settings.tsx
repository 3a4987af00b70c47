import { Field } from '../../components/field';
import type { FieldErrors } from '../../lib/validate';
import { type OfferForm, PIXEL_MODES } from './offer-form-model';

interface Props {
  form: OfferForm;
  errors: FieldErrors;
  onChange: <K extends keyof OfferForm>(key: K, value: OfferForm[K]) => void;
}

/** What the offer's public conversion pixel may do: each mode said in words, the per-click limit, signing. */
export function PixelSettings({ form, errors, onChange }: Props) {
  return (
    <fieldset className="pixel-settings">
      <legend>Conversion pixel</legend>
      <div role="radiogroup" aria-label="Pixel mode" className="choice-list">
        {PIXEL_MODES.map((mode) => (
          <label key={mode.value} className="choice">
            <input
              type="radio"
              name="pixel_mode"
              value={mode.value}
              checked={form.pixel_mode === mode.value}
              onChange={() => onChange('pixel_mode', mode.value)}
            />{' '}
            <strong>{mode.label}</strong> — {mode.meaning}
          </label>
        ))}
      </div>
      <div className="form-grid">
        <Field
          label="Pixel conversions per click"
          error={errors.pixel_max_per_click}
          hint="1 unless the offer has rebills or upsells; more are refused and listed as fraud events."
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
            Require a signed pixel (sig: an HMAC with the offer's pixel key, computed on the advertiser's
            server)
          </label>
        </div>
      </div>
    </fieldset>
  );
}
