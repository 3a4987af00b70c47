import { type FormEvent, useState } from 'react';
import { Field } from '../../components/field';
import { ErrorNotice, Notice } from '../../components/notice';
import { ApiError, api } from '../../lib/api';

type Draft = { current_password: string; new_password: string; repeat: string };
const EMPTY: Draft = { current_password: '', new_password: '', repeat: '' };

/** Change my own password: the current one is asked; every other session of mine ends. */
export function PasswordPanel({ base, onChange }: { base: string; onChange?: () => void }) {
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
    if (draft.current_password === '') found.current_password = 'Enter your current password';
    if (draft.new_password.length < 8) found.new_password = 'At least 8 characters';
    else if (draft.repeat !== draft.new_password) found.repeat = 'The two new passwords differ';
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
        `Password changed.${others > 0 ? ` ${others} other session${others === 1 ? '' : 's'} signed out.` : ''}`,
      );
      onChange?.();
    } catch (error) {
      if (
        error instanceof ApiError &&
        (error.field === 'current_password' || error.field === 'new_password')
      ) {
        setProblems({ [error.field]: error.message });
      } else setFailure(error);
    }
  }

  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <form className="form inline-form" onSubmit={submit} noValidate aria-label="Change password">
        <Field label="Current password" error={problems.current_password} required>
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
        <Field label="New password" error={problems.new_password} required>
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
        <Field label="New password again" error={problems.repeat} required>
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
          Change password
        </button>
      </form>
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
    </section>
  );
}
