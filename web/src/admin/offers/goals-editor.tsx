import type { FieldErrors } from '../../lib/validate';
import { EMPTY_GOAL, type GoalForm } from './offer-form-model';

interface Props {
  goals: GoalForm[];
  errors: FieldErrors;
  onChange: (goals: GoalForm[]) => void;
}

const COLUMNS: { key: keyof GoalForm; label: string; placeholder: string }[] = [
  { key: 'key', label: 'Key', placeholder: 'dep' },
  { key: 'name', label: 'Name', placeholder: 'First deposit' },
  { key: 'aliases', label: 'Aliases', placeholder: 'deposit, ftd' },
  { key: 'adv_payout', label: 'Adv payout', placeholder: '40.00' },
  { key: 'pub_payout', label: 'Pub payout', placeholder: '30.00' },
  { key: 'revshare_percent', label: 'Revshare %', placeholder: '' },
];

/** Payable actions of an offer (seed 001 goals): each with its own payouts and postback aliases. */
export function GoalsEditor({ goals, errors, onChange }: Props) {
  const update = (index: number, key: keyof GoalForm, value: string) =>
    onChange(goals.map((goal, i) => (i === index ? { ...goal, [key]: value } : goal)));
  return (
    <fieldset className="goals">
      <legend>Goals</legend>
      <p className="hint">
        Optional. Without goals the offer pays its default payouts on an approved lead. Aliases are the words
        an advertiser's postback may use for the goal.
      </p>
      {goals.map((goal, index) => (
        // Goals have no id until saved; their position is their identity while editing.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <div className="goal-row" key={index}>
          {COLUMNS.map((column) => {
            const error = errors[`goals.${index}.${column.key}`];
            const id = `goal-${index}-${column.key}`;
            return (
              <div key={column.key} className={error ? 'field field-invalid' : 'field'}>
                <label htmlFor={id}>{column.label}</label>
                <input
                  id={id}
                  value={goal[column.key]}
                  placeholder={column.placeholder}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${id}-error` : undefined}
                  onChange={(e) => update(index, column.key, e.target.value)}
                />
                {error && (
                  <p id={`${id}-error`} className="field-error">
                    {error}
                  </p>
                )}
              </div>
            );
          })}
          <button
            type="button"
            className="button-ghost goal-remove"
            aria-label={`Remove goal ${goal.key || index + 1}`}
            onClick={() => onChange(goals.filter((_, i) => i !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...goals, { ...EMPTY_GOAL }])}>
        + Add goal
      </button>
    </fieldset>
  );
}
