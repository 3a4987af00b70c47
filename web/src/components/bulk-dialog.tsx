import { type FormEvent, useEffect, useState } from 'react';
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
      setError('Say why: the reason is kept in each history');
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
            <strong>{result.changed}</strong> of {result.matched} {noun} changed
            {result.skipped.length > 0 && `, ${result.skipped.length} skipped`}
            {result.failed.length > 0 && `, ${result.failed.length} failed`}.
          </p>
          {notChanged.length > 0 && (
            <ul className="bulk-reasons">
              {notChanged.slice(0, SHOWN).map((item) => (
                <li key={item.id}>
                  <code>{item.id}</code>: {item.reason}
                </li>
              ))}
              {notChanged.length > SHOWN && <li>…and {notChanged.length - SHOWN} more</li>}
            </ul>
          )}
          <button type="button" className="button-primary" onClick={onClose}>
            Done
          </button>
        </div>
      ) : (
        <form className="form dialog-body" onSubmit={confirm} noValidate>
          {failure ? <ErrorNotice error={failure} /> : null}
          <p className="bulk-count">
            This changes <strong>{count}</strong> {noun}, in one transaction.
          </p>
          {action?.statuses && (
            <Field label="New status" required>
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
            <Field label="Reason" required={action.reason === 'required'} error={error}>
              {(c) => (
                <input {...c} value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
              )}
            </Field>
          )}
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? 'Working…' : `${action?.confirmLabel ?? 'Confirm'} ${count} ${noun}`}
          </button>
        </form>
      )}
    </Dialog>
  );
}
