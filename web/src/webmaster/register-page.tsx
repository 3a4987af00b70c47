import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Field } from '../components/field';
import { ErrorNotice } from '../components/notice';
import { usePageTitle } from '../hooks/use-page-title';
import { LanguageSelect } from '../i18n/language-select';
import { ApiError, api } from '../lib/api';
import { type FieldErrors, hasErrors, isEmail } from '../lib/validate';

type Key = 'name' | 'email' | 'password' | 'confirm';

/** Registration: the account waits for the network's approval; we sign in right away to show that. */
export function RegisterPage({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const { t } = useTranslation();
  usePageTitle(t('portal.register.title'), 'Publisher');
  const [form, setForm] = useState<Record<Key, string>>({ name: '', email: '', password: '', confirm: '' });
  const [errors, setErrors] = useState<FieldErrors<Key>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = (key: Key) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<Key> = {};
    if (form.name.trim() === '') found.name = t('portal.register.nameMissing');
    if (!isEmail(form.email)) found.email = t('portal.register.emailBad');
    if (form.password.length < 8) found.password = t('portal.register.passwordShort');
    else if (form.confirm !== form.password) found.confirm = t('portal.register.passwordsDiffer');
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
        <p>
          <LanguageSelect />
        </p>
        <h1>{t('portal.register.heading')}</h1>
        {failure ? <ErrorNotice error={failure} /> : null}
        <Field label={t('portal.register.name')} error={errors.name} required>
          {(c) => <input {...c} autoComplete="organization" value={form.name} onChange={set('name')} />}
        </Field>
        <Field label={t('common.login.email')} error={errors.email} required>
          {(c) => (
            <input {...c} type="email" autoComplete="email" value={form.email} onChange={set('email')} />
          )}
        </Field>
        <Field
          label={t('common.login.password')}
          error={errors.password}
          required
          hint={t('portal.register.passwordHint')}
        >
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
        <Field label={t('portal.register.repeat')} error={errors.confirm} required>
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
          {busy ? t('portal.register.creating') : t('portal.register.create')}
        </button>
        <p className="auth-footer">
          {t('portal.register.haveAccount')} <Link to="/webmaster">{t('common.login.signIn')}</Link>
        </p>
      </form>
    </main>
  );
}
