import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { Field } from '../../components/field';
import { ErrorNotice, Loading, Notice } from '../../components/notice';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';
import { type FieldErrors, hasErrors } from '../../lib/validate';
import {
  describeWindow,
  type FinalityWindow,
  type FinalityWindowForm,
  finalityWindowBody,
  validateFinalityWindow,
  windowToForm,
} from './finality-window-model';

interface Props {
  scope: 'advertiser' | 'offer';
  subjectId: string;
  /** On an offer's page: its advertiser, whose window applies when the offer has none of its own. */
  advertiserId?: string;
}

/**
 * An advertiser's or offer's finality window: postback changes after it are held for an admin
 * (Finance → Held status changes) instead of applied. An offer's window wins over its advertiser's.
 */
export function FinalityWindowPanel({ scope, subjectId, advertiserId }: Props) {
  const windows = useResource('finality-windows', () =>
    api.get<{ data: FinalityWindow[] }>('/api/admin/finality-windows'),
  );
  const [done, setDone] = useState<string>();
  const all = windows.data?.data;
  const own = all?.find((w) => w.scope === scope && w.subject_id === subjectId);
  const inherited =
    scope === 'offer' && advertiserId
      ? all?.find((w) => w.scope === 'advertiser' && w.subject_id === advertiserId)
      : undefined;
  return (
    <section className="panel" aria-labelledby="finality-title">
      <h2 id="finality-title">Finality window</h2>
      <p className="hint">
        After it, a status or payout change arriving by postback is not applied: it waits in Finance under
        Held status changes for you to accept or refuse. With no window, every change is applied, and a
        reversal after payout becomes a clawback.
        {scope === 'offer' ? " An offer's window wins over its advertiser's." : ''}
      </p>
      {windows.error ? <ErrorNotice error={windows.error} onRetry={windows.reload} /> : null}
      {!all ? (
        !windows.error && <Loading />
      ) : (
        <>
          <p className="finality-current">
            <strong>Now: </strong>
            {own ? (
              `${describeWindow(own)} (${scope === 'offer' ? 'this offer' : 'this advertiser'}${inherited ? `, instead of the advertiser's: ${describeWindow(inherited).toLowerCase()}` : ''}).`
            ) : inherited ? (
              <>
                None of its own; the{' '}
                <Link to={`/admin/advertisers/${advertiserId}`}>advertiser's window</Link> applies:{' '}
                {describeWindow(inherited).toLowerCase()}.
              </>
            ) : (
              'No window: postback changes are always applied.'
            )}
          </p>
          <FinalityWindowEditor
            key={own?.updated_at ?? 'none'}
            path={`/api/admin/finality-windows/${scope}/${subjectId}`}
            saved={own}
            onChanged={(message) => {
              setDone(message);
              windows.reload();
            }}
            onStart={() => setDone(undefined)}
          />
          {done ? <Notice tone="success">{done}</Notice> : null}
        </>
      )}
    </section>
  );
}

function FinalityWindowEditor({
  path,
  saved,
  onChanged,
  onStart,
}: {
  path: string;
  saved: FinalityWindow | undefined;
  onChanged: (message: string) => void;
  onStart: () => void;
}) {
  const [form, setForm] = useState<FinalityWindowForm>(() => windowToForm(saved));
  const [errors, setErrors] = useState<FieldErrors<'days' | 'window'>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<unknown>, message: string) {
    setBusy(true);
    setFailure(undefined);
    onStart();
    try {
      await action();
      onChanged(message);
    } catch (error) {
      // The server's 400 names no field; its message is shown as it is.
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  function save(event: FormEvent) {
    event.preventDefault();
    const found = validateFinalityWindow(form);
    setErrors(found);
    if (hasErrors(found)) return;
    void run(() => api.put(path, finalityWindowBody(form)), 'Finality window saved.');
  }

  function remove() {
    if (!window.confirm('Remove this finality window? Postback changes will be applied again.')) return;
    void run(() => api.delete(path), 'Finality window removed.');
  }

  return (
    <form className="form" onSubmit={save} noValidate aria-label="Finality window">
      <div className="form-grid">
        <Field
          label="Days after the conversion"
          error={errors.days}
          hint="Changes to conversions older than this are held. Empty: no day limit."
        >
          {(c) => (
            <input
              {...c}
              inputMode="numeric"
              value={form.days}
              onChange={(e) => setForm({ ...form, days: e.target.value })}
            />
          )}
        </Field>
        <div className="field checkbox">
          <label>
            <input
              type="checkbox"
              checked={form.when_paid}
              onChange={(e) => setForm({ ...form, when_paid: e.target.checked })}
            />{' '}
            Once paid: hold a change that would take back money already paid to the publisher
          </label>
        </div>
      </div>
      {errors.window ? (
        <p className="field-error" role="alert">
          {errors.window}
        </p>
      ) : null}
      {failure ? <ErrorNotice error={failure} /> : null}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save finality window'}
        </button>
        {saved ? (
          <button type="button" onClick={remove} disabled={busy}>
            Remove finality window
          </button>
        ) : null}
      </div>
    </form>
  );
}
