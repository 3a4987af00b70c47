import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './dialog';
import { Field } from './field';
import { ErrorNotice } from './notice';

/** A bulk API's answer (POST /api/admin/{leads,conversions,publishers}/bulk). */
export interface BulkReply {
  matched: number;
  changed: number;
  skipped: { id: string; reason: string }[];
  failed: { id: string; reason: string }[];
}

export interface BulkAction {
  title: string;
  confirmLabel: string;
  /** Statuses to choose from; left out, the action has no status to pick. */
  statuses?: { value: string; label: string }[];
  reason: 'required' | 'optional' | 'none';
  run: (fields: { status?: string; reason?: string }) => Promise<BulkReply>;
}

const SHOWN = 20;

/**
 * Confirm a bulk action stating how many rows it touches, then show what the server did: changed,
 * skipped and failed, with the reason for each row that did not change.
 */
export function BulkDialog({
  action,
  count,
  noun,
  onClose,
  onDone,
}: {
  action: BulkAction | undefined;
  count: number;
  noun: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const items = (n: number) => t(`common.bulk.items.${noun}`, { count: n });
  const [status, setStatus] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BulkReply>();
  useEffect(() => {
    setStatus(action?.statuses?.[0]?.value ?? '');
    setReason('');
    setError(undefined);
    setFailure(undefined);
    setResult(undefined);
  }, [action]);

  async function confirm(event: FormEvent) {
    event.preventDefault();
    if (!action) return;
    if (action.reason === 'required' && !reason.trim()) {
      setError(t('common.bulk.reasonRequired'));
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      setResult(
        await action.run({
          status: action.statuses ? status : undefined,
          reason: reason.trim() || undefined,
        }),
      );
      onDone();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  const notChanged = result ? [...result.failed, ...result.skipped] : [];
  return (
    <Dialog title={action?.title ?? ''} open={Boolean(action)} onClose={onClose}>
      {result ? (
        <div className="dialog-body bulk-result" role="status">
          <p>
            {t('common.bulk.changed', { changed: result.changed, items: items(result.matched) })}
            {result.skipped.length > 0 && t('common.bulk.skipped', { count: result.skipped.length })}
            {result.failed.length > 0 && t('common.bulk.failed', { count: result.failed.length })}.
          </p>
          {notChanged.length > 0 && (
            <ul className="bulk-reasons">
              {notChanged.slice(0, SHOWN).map((item) => (
                <li key={item.id}>
                  <code>{item.id}</code>: {item.reason}
                </li>
              ))}
              {notChanged.length > SHOWN && (
                <li>{t('common.bulk.more', { count: notChanged.length - SHOWN })}</li>
              )}
            </ul>
          )}
          <button type="button" className="button-primary" onClick={onClose}>
            {t('common.bulk.done')}
          </button>
        </div>
      ) : (
        <form className="form dialog-body" onSubmit={confirm} noValidate>
          {failure ? <ErrorNotice error={failure} /> : null}
          <p className="bulk-count">{t('common.bulk.confirmCount', { items: items(count) })}</p>
          {action?.statuses && (
            <Field label={t('common.bulk.newStatus')} required>
              {(c) => (
                <select {...c} value={status} onChange={(e) => setStatus(e.target.value)}>
                  {action.statuses?.map((s) => (
                    <option key={s.value} value={s.value}>
                      {s.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          {action && action.reason !== 'none' && (
            <Field label={t('common.bulk.reason')} required={action.reason === 'required'} error={error}>
              {(c) => (
                <input {...c} value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
              )}
            </Field>
          )}
          <button type="submit" className="button-primary" disabled={busy}>
            {busy
              ? t('common.bulk.working')
              : t('common.bulk.confirm', { action: action?.confirmLabel ?? '', items: items(count) })}
          </button>
        </form>
      )}
    </Dialog>
  );
}
