import { type FormEvent, useState } from 'react';
import { ApiError, errorMessage } from '../lib/api';
import { type FieldErrors, hasErrors } from '../lib/validate';

/**
 * A form's send cycle: check in the browser first, then send; a refusal that names a field is
 * shown at that field as well as on top (the field may be scrolled out of view).
 */
export function useFormSubmit<F>(validate: (form: F) => FieldErrors, send: (form: F) => Promise<void>) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent, form: F) {
    event.preventDefault();
    const found = validate(form);
    setErrors(found);
    setFailure(undefined);
    if (hasErrors(found)) return;
    setBusy(true);
    try {
      await send(form);
    } catch (error) {
      if (error instanceof ApiError && error.field) setErrors({ [error.field]: errorMessage(error) });
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return { errors, failure, busy, submit };
}
