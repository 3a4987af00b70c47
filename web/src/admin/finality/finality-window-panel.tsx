import { type FormEvent, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
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
      <h2 id="finality-title">{t('traffic.finality.title')}</h2>
      <p className="hint">
        {t('traffic.finality.hint')}
        {scope === 'offer' ? ` ${t('traffic.finality.offerWins')}` : ''}
      </p>
      {windows.error ? <ErrorNotice error={windows.error} onRetry={windows.reload} /> : null}
      {!all ? (
        !windows.error && <Loading />
      ) : (
        <>
          <p className="finality-current">
            <strong>{t('traffic.finality.now')} </strong>
            {own ? (
              t(inherited ? 'traffic.finality.ownInstead' : 'traffic.finality.own', {
                window: describeWindow(own),
                whose:
                  scope === 'offer' ? t('traffic.finality.thisOffer') : t('traffic.finality.thisAdvertiser'),
                inherited: inherited ? describeWindow(inherited).toLowerCase() : '',
              })
            ) : inherited ? (
              <Trans
                i18nKey="traffic.finality.inherited"
                values={{ window: describeWindow(inherited).toLowerCase() }}
                components={{ go: <Link to={`/admin/advertisers/${advertiserId}`} /> }}
              />
            ) : (
              t('traffic.finality.noWindow')
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
  const { t } = useTranslation();
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
    void run(() => api.put(path, finalityWindowBody(form)), t('traffic.finality.saved'));
  }

  function remove() {
    if (!window.confirm(t('traffic.finality.removeConfirm'))) return;
    void run(() => api.delete(path), t('traffic.finality.removed'));
  }

  return (
    <form className="form" onSubmit={save} noValidate aria-label={t('traffic.finality.title')}>
      <div className="form-grid">
        <Field label={t('traffic.finality.days')} error={errors.days} hint={t('traffic.finality.daysHint')}>
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
            {t('traffic.finality.oncePaidLabel')}
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
          {busy ? t('admin.act.saving') : t('traffic.finality.save')}
        </button>
        {saved ? (
          <button type="button" onClick={remove} disabled={busy}>
            {t('traffic.finality.remove')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
