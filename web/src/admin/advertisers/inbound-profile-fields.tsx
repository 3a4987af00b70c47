import { Field } from '../../components/field';
import type { FieldErrors } from '../../lib/validate';
import type { AdvertiserField, AdvertiserForm } from './advertiser-form-model';

interface Props {
  form: AdvertiserForm;
  errors: FieldErrors<AdvertiserField>;
  set: <K extends AdvertiserField>(key: K, value: AdvertiserForm[K]) => void;
}

const NAMES: { field: AdvertiserField & `inbound_${string}`; label: string; hint: string }[] = [
  {
    field: 'inbound_status_param',
    label: 'Status parameter',
    hint: 'Empty: status, conv_status or state.',
  },
  {
    field: 'inbound_payout_param',
    label: 'Payout parameter',
    hint: 'Empty: payout, pay, price, sum, amount, revenue, profit or rate.',
  },
  {
    field: 'inbound_currency_param',
    label: 'Currency parameter',
    hint: 'Empty: currency, cc or cur. Without one, the offer’s currency.',
  },
  {
    field: 'inbound_lead_id_param',
    label: 'Their lead/order ID parameter',
    hint: 'Finds the lead by the ID their network gave it. Empty: lead.',
  },
  {
    field: 'inbound_txid_param',
    label: 'Transaction ID parameter',
    hint: 'Shown in the answer and the log. Empty: txid.',
  },
  {
    field: 'inbound_goal_param',
    label: 'Goal parameter',
    hint: 'A goal key or alias of the offer. Empty: goal (postback.json only).',
  },
];

/**
 * The advertiser's inbound profile: the names its network's postbacks use. A name typed here wins
 * over the built-in aliases; an empty one falls back to them.
 */
export function InboundProfileFields({ form, errors, set }: Props) {
  return (
    <fieldset className="field-wide inbound-profile">
      <legend>Inbound postbacks: the names their network uses</legend>
      <p className="hint">
        Leave a field empty to use the built-in names. The status words themselves come from the status map
        and the built-in words; the Postback inspector below proposes these from a pasted postback.
      </p>
      <div className="form-grid">
        <Field
          label="Click ID parameters"
          error={errors.inbound_click_params}
          hint="Where their postback sends our click ID, e.g. aff_sub or sub1 (several: comma list). Empty: click_id, clickid, subid, sub_id, cid, tid …"
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
        {NAMES.map(({ field, label, hint }) => (
          <Field key={field} label={label} error={errors[field]} hint={hint}>
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
        <Field
          label="A postback without a status"
          hint="Empty: /postback approves, postback.json creates a lead."
        >
          {(c) => (
            <select
              {...c}
              value={form.inbound_without_status}
              onChange={(e) =>
                set('inbound_without_status', e.target.value as AdvertiserForm['inbound_without_status'])
              }
            >
              <option value="">The endpoint’s default</option>
              <option value="approved">Approves</option>
              <option value="new-lead">Is a new lead (processing)</option>
              <option value="refuse">Is refused (422)</option>
            </select>
          )}
        </Field>
        <Field label="Reversals are sent as" hint="A reversal cancels the conversion.">
          {(c) => (
            <select
              {...c}
              value={form.inbound_reversal}
              onChange={(e) => set('inbound_reversal', e.target.value as AdvertiserForm['inbound_reversal'])}
            >
              <option value="status">A status word (status map)</option>
              <option value="negative-payout">A negative payout</option>
              <option value="param">A parameter</option>
            </select>
          )}
        </Field>
        {form.inbound_reversal === 'param' && (
          <Field
            label="Reversal parameter"
            error={errors.inbound_reversal_param}
            hint="Any value but 0, false or no marks a reversal."
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
