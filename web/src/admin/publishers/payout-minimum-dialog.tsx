import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
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
      setError(t('forms.minimum.error'));
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
      title={publisher ? t('forms.minimum.of', { name: publisher.name }) : t('forms.minimum.title')}
      open={Boolean(publisher)}
      onClose={onClose}
    >
      <form className="form dialog-body" onSubmit={save} noValidate>
        {failure ? <ErrorNotice error={failure} /> : null}
        <Field label={t('forms.minimum.smallest')} error={error} hint={t('forms.minimum.hint')}>
          {(c) => (
            <input {...c} inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} />
          )}
        </Field>
        <button type="submit" className="button-primary">
          {t('admin.act.save')}
        </button>
      </form>
    </Dialog>
  );
}
