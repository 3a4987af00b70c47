import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/field';
import { ErrorNotice } from '../components/notice';
import { LanguageSelect } from '../i18n/language-select';
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

interface LoginAnswer {
  two_factor_required: boolean;
  ticket?: string;
}

/**
 * Email + password against one of the login routes; the server sets the session cookie. With
 * two-factor sign-in on, the server answers a short-lived ticket instead, and a second step asks for
 * the code from the authenticator app (or a recovery code) at `<loginPath>/2fa`.
 */
export function LoginForm(props: LoginFormProps) {
  const { title, loginPath, onSignedIn, notice, refusal, footer } = props;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors<'email' | 'password'>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [ticket, setTicket] = useState<string>();
  const { t } = useTranslation();

  if (ticket) {
    return (
      <SecondFactorForm
        title={title}
        path={`${loginPath}/2fa`}
        ticket={ticket}
        onSignedIn={onSignedIn}
        onRestart={() => {
          setTicket(undefined);
          setPassword('');
          setBusy(false);
        }}
      />
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<'email' | 'password'> = {};
    if (!isEmail(email)) found.email = t('common.login.emailMissing');
    if (password === '') found.password = t('common.login.passwordMissing');
    setErrors(found);
    if (hasErrors(found)) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const answer = await api.post<LoginAnswer>(loginPath, { email: email.trim(), password });
      if (answer.two_factor_required && answer.ticket) {
        setTicket(answer.ticket);
        return;
      }
      await onSignedIn();
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  }

  return (
    <main className="auth-page" id="main">
      <form className="auth-card" onSubmit={submit} noValidate>
        <p className="brand">
          Leadrail <LanguageSelect />
        </p>
        <h1>{title}</h1>
        {notice}
        {failure ? (
          <ErrorNotice error={failure} />
        ) : refusal ? (
          <p role="alert" className="notice notice-error">
            {refusalMessage(refusal)}
          </p>
        ) : null}
        <Field label={t('common.login.email')} error={errors.email} required>
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
        <Field label={t('common.login.password')} error={errors.password} required>
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
          {busy ? t('common.login.signingIn') : t('common.login.signIn')}
        </button>
        {footer}
      </form>
    </main>
  );
}

/** Step two: the 6-digit code from the app, or a recovery code. A spent ticket sends back to step one. */
function SecondFactorForm({
  title,
  path,
  ticket,
  onSignedIn,
  onRestart,
}: {
  title: string;
  path: string;
  ticket: string;
  onSignedIn: () => Promise<void>;
  onRestart: () => void;
}) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const { t } = useTranslation();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (code.trim() === '') {
      setError(t('common.login.codeMissing'));
      return;
    }
    setError(undefined);
    setBusy(true);
    setFailure(undefined);
    try {
      await api.post(path, { ticket, code: code.trim() });
      await onSignedIn();
    } catch (caught) {
      setFailure(caught);
      setCode('');
      setBusy(false);
    }
  }

  return (
    <main className="auth-page" id="main">
      <form className="auth-card" onSubmit={submit} noValidate aria-label={t('common.login.twoFactor')}>
        <p className="brand">Leadrail</p>
        <h1>{title}</h1>
        <p>{t('common.login.codeIntro')}</p>
        {failure ? <ErrorNotice error={failure} /> : null}
        <Field label={t('common.login.code')} error={error} hint={t('common.login.codeHint')} required>
          {(control) => (
            <input
              {...control}
              autoComplete="one-time-code"
              inputMode="text"
              maxLength={64}
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? t('common.login.checking') : t('common.login.verify')}
        </button>
        <button type="button" className="button-ghost" onClick={onRestart}>
          {t('common.login.restart')}
        </button>
      </form>
    </main>
  );
}
