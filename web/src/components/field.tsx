import { type ReactNode, useId } from 'react';

export interface ControlProps {
  id: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  'aria-required'?: boolean;
}

interface FieldProps {
  label: string;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  wide?: boolean;
  children: (control: ControlProps) => ReactNode;
}

/** A labelled control with its hint and error tied to it for screen readers. */
export function Field({ label, hint, error, required, wide, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  const classes = ['field', error ? 'field-invalid' : '', wide ? 'field-wide' : ''].filter(Boolean);
  return (
    <div className={classes.join(' ')}>
      {/* The asterisk is drawn by CSS with empty alt text: the label's name stays "Email", not "Email *". */}
      <label htmlFor={id} className={required ? 'required' : undefined}>
        {label}
      </label>
      {children({
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy,
        'aria-required': required || undefined,
      })}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}
