import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/field';
import { ErrorNotice, Notice } from '../../components/notice';
import { ApiError, api, errorMessage } from '../../lib/api';

type Draft = { current_password: string; new_password: string; repeat: string };
const EMPTY: Draft = { current_password: '', new_password: '', repeat: '' };

/** Change my own password: the current one is asked; every other session of mine ends. */
export function PasswordPanel({ base, onChange }: { base: string; onChange?: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(EMPTY);
  const [problems, setProblems] = useState<Partial<Draft>>({});
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const set = (key: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    setDone(undefined);
    const found: Partial<Draft> = {};
    if (draft.current_password === '') found.current_password = t('common.account.currentMissing');
    if (draft.new_password.length < 8) found.new_password = t('common.account.atLeast8');
    else if (draft.repeat !== draft.new_password) found.repeat = t('common.account.differ');
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    try {
      const answer = await api.put<{ sessions_ended: number }>(`${base}/password`, {
        current_password: draft.current_password,
        new_password: draft.new_password,
      });
      setDraft(EMPTY);
      const others = answer.sessions_ended;
      setDone(
        others > 0
          ? `${t('common.account.changed')} ${t('common.account.othersOut', { count: others })}`
          : t('common.account.changed'),
      );
      onChange?.();
    } catch (error) {
      if (
        error instanceof ApiError &&
        (error.field === 'current_password' || error.field === 'new_password')
      ) {
        setProblems({ [error.field]: errorMessage(error) });
      } else setFailure(error);
    }
  }

  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 id="password-title">{t('common.login.password')}</h2>
      <form className="form inline-form" onSubmit={submit} noValidate aria-label={t('common.account.change')}>
        <Field label={t('common.account.current')} error={problems.current_password} required>
          {(c) => (
            <input
              {...c}
              type="password"
              autoComplete="current-password"
              value={draft.current_password}
              onChange={set('current_password')}
            />
          )}
        </Field>
        <Field label={t('common.account.new')} error={problems.new_password} required>
          {(c) => (
            <input
              {...c}
              type="password"
              autoComplete="new-password"
              value={draft.new_password}
              onChange={set('new_password')}
            />
          )}
        </Field>
        <Field label={t('common.account.again')} error={problems.repeat} required>
          {(c) => (
            <input
              {...c}
              type="password"
              autoComplete="new-password"
              value={draft.repeat}
              onChange={set('repeat')}
            />
          )}
        </Field>
        <button type="submit" className="button-primary">
          {t('common.account.change')}
        </button>
      </form>
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
    </section>
  );
}
