import { type FormEvent, type ReactNode, useState } from 'react';
import { Field } from '../components/field';
import { ErrorNotice } from '../components/notice';
import { type AccountRefusal, refusalMessage } from '../lib/account-refusal';
import { api } from '../lib/api';
import { type FieldErrors, hasErrors, isEmail } from '../lib/validate';

interface LoginFormProps {
  title: string;
  loginPath: string;
  onSignedIn: () => Promise<void>;
  notice?: ReactNode;
  /** The account was refused (suspended…) in the session that just ended. */
  refusal?: AccountRefusal;
  footer?: ReactNode;
}

/** Email + password against one of the login routes; the server sets the session cookie. */
export function LoginForm({ title, loginPath, onSignedIn, notice, refusal, footer }: LoginFormProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors<'email' | 'password'>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<'email' | 'password'> = {};
    if (!isEmail(email)) found.email = 'Enter the email address of your account';
    if (password === '') found.password = 'Enter your password';
    setErrors(found);
    if (hasErrors(found)) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await api.post(loginPath, { email: email.trim(), password });
      await onSignedIn();
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  }

  return (
    <main className="auth-page" id="main">
      <form className="auth-card" onSubmit={submit} noValidate>
        <p className="brand">Leadrail</p>
        <h1>{title}</h1>
        {notice}
        {failure ? (
          <ErrorNotice error={failure} />
        ) : refusal ? (
          <p role="alert" className="notice notice-error">
            {refusalMessage(refusal)}
          </p>
        ) : null}
        <Field label="Email" error={errors.email} required>
          {(control) => (
            <input
              {...control}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label="Password" error={errors.password} required>
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {footer}
      </form>
    </main>
  );
}
