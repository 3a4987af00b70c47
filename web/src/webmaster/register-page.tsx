import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { Field } from '../components/field';
import { ErrorNotice } from '../components/notice';
import { usePageTitle } from '../hooks/use-page-title';
import { ApiError, api } from '../lib/api';
import { type FieldErrors, hasErrors, isEmail } from '../lib/validate';

type Key = 'name' | 'email' | 'password' | 'confirm';

/** Registration: the account waits for the network's approval; we sign in right away to show that. */
export function RegisterPage({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  usePageTitle('Register', 'Publisher');
  const [form, setForm] = useState<Record<Key, string>>({ name: '', email: '', password: '', confirm: '' });
  const [errors, setErrors] = useState<FieldErrors<Key>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = (key: Key) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<Key> = {};
    if (form.name.trim() === '') found.name = 'Enter your name or company';
    if (!isEmail(form.email)) found.email = 'Enter an email address like you@example.com';
    if (form.password.length < 8) found.password = 'At least 8 characters';
    else if (form.confirm !== form.password) found.confirm = 'The passwords differ';
    setErrors(found);
    setFailure(undefined);
    if (hasErrors(found)) return;
    setBusy(true);
    try {
      const credentials = { email: form.email.trim(), password: form.password };
      await api.post('/api/publisher/register', { name: form.name.trim(), ...credentials });
      await api.post('/api/publisher/login', credentials);
      await onSignedIn();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) setErrors({ email: error.message });
      setFailure(error);
      setBusy(false);
    }
  }

  return (
    <main className="auth-page" id="main">
      <form className="auth-card" onSubmit={submit} noValidate>
        <p className="brand">Leadrail</p>
        <h1>Become a publisher</h1>
        {failure ? <ErrorNotice error={failure} /> : null}
        <Field label="Name or company" error={errors.name} required>
          {(c) => <input {...c} autoComplete="organization" value={form.name} onChange={set('name')} />}
        </Field>
        <Field label="Email" error={errors.email} required>
          {(c) => (
            <input {...c} type="email" autoComplete="email" value={form.email} onChange={set('email')} />
          )}
        </Field>
        <Field label="Password" error={errors.password} required hint="At least 8 characters.">
          {(c) => (
            <input
              {...c}
              type="password"
              autoComplete="new-password"
              value={form.password}
              onChange={set('password')}
            />
          )}
        </Field>
        <Field label="Repeat password" error={errors.confirm} required>
          {(c) => (
            <input
              {...c}
              type="password"
              autoComplete="new-password"
              value={form.confirm}
              onChange={set('confirm')}
            />
          )}
        </Field>
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Creating account…' : 'Create account'}
        </button>
        <p className="auth-footer">
          Have an account? <Link to="/webmaster">Sign in</Link>
        </p>
      </form>
    </main>
  );
}
