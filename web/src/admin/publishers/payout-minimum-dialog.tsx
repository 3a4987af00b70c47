import { type FormEvent, useEffect, useState } from 'react';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import { ErrorNotice } from '../../components/notice';
import { api } from '../../lib/api';
import type { Publisher } from '../../lib/types';

const DECIMAL = /^[0-9]{1,12}(\.[0-9]{1,8})?$/;

/**
 * A publisher's own smallest payout (seed 000: "no minimum", seed 004: $50): empty keeps the
 * network's PAYOUT_MINIMUM. Read in each currency the publisher earns in.
 */
export function PayoutMinimumDialog({
  publisher,
  onClose,
  onSaved,
}: {
  publisher?: Publisher;
  onClose: () => void;
  onSaved: (publisher: Publisher) => void;
}) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  useEffect(() => {
    setValue(publisher?.payout_minimum ?? '');
    setError(undefined);
    setFailure(undefined);
  }, [publisher]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!publisher) return;
    const text = value.trim();
    if (text !== '' && !DECIMAL.test(text)) {
      setError('A decimal amount like 0, 25 or 50.00');
      return;
    }
    setError(undefined);
    try {
      const saved = await api.patch<Publisher>(`/api/admin/publishers/${publisher.id}`, {
        payout_minimum: text === '' ? null : text,
      });
      onSaved(saved);
    } catch (e) {
      setFailure(e);
    }
  }

  return (
    <Dialog
      title={publisher ? `Payout minimum of ${publisher.name}` : 'Payout minimum'}
      open={Boolean(publisher)}
      onClose={onClose}
    >
      <form className="form dialog-body" onSubmit={save} noValidate>
        {failure ? <ErrorNotice error={failure} /> : null}
        <Field
          label="Smallest payout"
          error={error}
          hint="In each currency the publisher earns in. 0: any amount. Empty: the network's default (PAYOUT_MINIMUM). Applies to requests from the portal and to the Net-7 run."
        >
          {(c) => (
            <input {...c} inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} />
          )}
        </Field>
        <button type="submit" className="button-primary">
          Save
        </button>
      </form>
    </Dialog>
  );
}
