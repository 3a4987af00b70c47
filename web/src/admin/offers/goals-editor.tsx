import { useTranslation } from 'react-i18next';
import type { FieldErrors } from '../../lib/validate';
import { EMPTY_GOAL, type GoalForm } from './offer-form-model';

interface Props {
  goals: GoalForm[];
  errors: FieldErrors;
  onChange: (goals: GoalForm[]) => void;
}

const COLUMNS: { key: keyof GoalForm; placeholder: string }[] = [
  { key: 'key', placeholder: 'dep' },
  { key: 'name', placeholder: 'First deposit' },
  { key: 'aliases', placeholder: 'deposit, ftd' },
  { key: 'adv_payout', placeholder: '40.00' },
  { key: 'pub_payout', placeholder: '30.00' },
  { key: 'revshare_percent', placeholder: '' },
];

/** Payable actions of an offer (seed 001 goals): each with its own payouts and postback aliases. */
export function GoalsEditor({ goals, errors, onChange }: Props) {
  const { t } = useTranslation();
  const update = (index: number, key: keyof GoalForm, value: string) =>
    onChange(goals.map((goal, i) => (i === index ? { ...goal, [key]: value } : goal)));
  return (
    <fieldset className="goals">
      <legend>{t('forms.goals.title')}</legend>
      <p className="hint">{t('forms.goals.hint')}</p>
      {goals.map((goal, index) => (
        // Goals have no id until saved; their position is their identity while editing.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <div className="goal-row" key={index}>
          {COLUMNS.map((column) => {
            const error = errors[`goals.${index}.${column.key}`];
            const id = `goal-${index}-${column.key}`;
            return (
              <div key={column.key} className={error ? 'field field-invalid' : 'field'}>
                <label htmlFor={id}>{t(`forms.goals.col.${column.key}`)}</label>
                <input
                  id={id}
                  value={goal[column.key]}
                  placeholder={column.key === 'name' ? t('forms.goals.namePlaceholder') : column.placeholder}
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
            aria-label={t('forms.goals.removeOf', { goal: goal.key || index + 1 })}
            onClick={() => onChange(goals.filter((_, i) => i !== index))}
          >
            {t('forms.goals.remove')}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...goals, { ...EMPTY_GOAL }])}>
        {t('forms.goals.add')}
      </button>
    </fieldset>
  );
}
