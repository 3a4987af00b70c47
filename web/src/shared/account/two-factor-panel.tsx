import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../components/copy-button';
import { Field } from '../../components/field';
import { ErrorNotice, Notice } from '../../components/notice';
import { useResource } from '../../hooks/use-resource';
import { ApiError, api, errorMessage } from '../../lib/api';

interface Status {
  enabled: boolean;
  enabled_at: string | null;
  recovery_codes_left: number;
  required: boolean;
}

interface Setup {
  secret: string;
  otpauth_url: string;
  qr_svg: string;
}

/** The QR code the server drew (an SVG document), as an image: no markup of ours is injected. */
function qrSource(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  const { t } = useTranslation();
  return (
    <div className="recovery-codes">
      <Notice tone="warning">{t('common.twoFactor.saveCodes')}</Notice>
      <ul aria-label={t('common.twoFactor.codes')} className="code-list">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <CopyButton text={codes.join('\n')} label={t('common.twoFactor.copyCodes')} />
    </div>
  );
}

/**
 * Two-factor sign-in for the signed-in person (`base` is /api/auth or /api/publisher): set up with
 * the QR code or the secret, confirm with a code, keep the recovery codes; new codes or off with the
 * password.
 */
export function TwoFactorPanel({ base, onChange }: { base: string; onChange?: () => void }) {
  const { t } = useTranslation();
  const status = useResource(`${base}/2fa`, () => api.get<Status>(`${base}/2fa`));
  const [setup, setSetup] = useState<Setup>();
  const [codes, setCodes] = useState<string[]>();
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<{ field?: string; message: string }>();
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();

  function reset() {
    setProblem(undefined);
    setFailure(undefined);
    setDone(undefined);
  }

  async function run(work: () => Promise<void>) {
    reset();
    try {
      await work();
    } catch (error) {
      if (error instanceof ApiError && error.status === 422)
        setProblem({ field: error.field, message: errorMessage(error) });
      else setFailure(error);
    }
  }

  const start = () =>
    run(async () => {
      setCodes(undefined);
      setSetup(await api.post<Setup>(`${base}/2fa/setup`));
    });

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      const answer = await api.post<{ recovery_codes: string[] }>(`${base}/2fa/confirm`, {
        code: code.trim(),
      });
      setCodes(answer.recovery_codes);
      setSetup(undefined);
      setCode('');
      setDone(t('common.twoFactor.isOn'));
      onChange?.();
    });
  };

  const renew = () =>
    run(async () => {
      const answer = await api.post<{ recovery_codes: string[] }>(`${base}/2fa/recovery-codes`, { password });
      setCodes(answer.recovery_codes);
      setPassword('');
    });

  const turnOff = (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      await api.post(`${base}/2fa/disable`, { password, code: code.trim() });
      setPassword('');
      setCode('');
      setCodes(undefined);
      setDone(t('common.twoFactor.isOff'));
      onChange?.();
    });
  };

  const current = status.data;
  return (
    <section className="panel" aria-labelledby="two-factor-title">
      <h2 id="two-factor-title">{t('common.login.twoFactor')}</h2>
      <p className="hint">{t('common.twoFactor.hint')}</p>
      {status.error ? <ErrorNotice error={status.error} onRetry={status.reload} /> : null}
      {failure ? <ErrorNotice error={failure} /> : null}
      {done && <Notice tone="success">{done}</Notice>}
      {codes && <RecoveryCodes codes={codes} />}
      {current && !current.enabled && !setup && (
        <>
          <p>{current.required ? t('common.twoFactor.requiredSetUp') : t('common.twoFactor.off')}</p>
          <button type="button" className="button-primary" onClick={start}>
            {t('common.twoFactor.setUp')}
          </button>
        </>
      )}
      {setup && (
        <form className="form" onSubmit={confirm} noValidate aria-label={t('common.twoFactor.confirmSetUp')}>
          <p>{t('common.twoFactor.scan')}</p>
          <img
            className="qr-code"
            src={qrSource(setup.qr_svg)}
            alt={t('common.twoFactor.qrAlt')}
            width={200}
            height={200}
          />
          <p>
            {t('common.twoFactor.secret')}: <code data-testid="totp-secret">{setup.secret}</code>{' '}
            <CopyButton text={setup.secret} />
          </p>
          <Field
            label={t('common.twoFactor.codeFromApp')}
            error={problem?.field === 'code' ? problem.message : undefined}
            required
          >
            {(c) => (
              <input
                {...c}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={10}
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button-primary">
            {t('common.twoFactor.turnOn')}
          </button>
        </form>
      )}
      {current?.enabled && (
        <>
          <p>
            {t('common.twoFactor.onLeft')} <strong>{current.recovery_codes_left}</strong>
            {current.required && ` · ${t('common.twoFactor.required')}`}
          </p>
          <p className="hint">
            {current.required ? t('common.twoFactor.renewHint') : t('common.twoFactor.renewOffHint')}
          </p>
          <form
            className="form inline-form"
            onSubmit={turnOff}
            noValidate
            aria-label={t('common.twoFactor.settings')}
          >
            <Field
              label={t('common.login.password')}
              error={problem?.field === 'password' ? problem.message : undefined}
              required
            >
              {(c) => (
                <input
                  {...c}
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
              )}
            </Field>
            {!current.required && (
              <Field
                label={t('common.twoFactor.code')}
                error={problem?.field === 'code' ? problem.message : undefined}
              >
                {(c) => (
                  <input
                    {...c}
                    autoComplete="one-time-code"
                    maxLength={64}
                    value={code}
                    onChange={(e) => setCode(e.target.value)}
                  />
                )}
              </Field>
            )}
            <button type="button" className="button-ghost" onClick={renew}>
              {t('common.twoFactor.newCodes')}
            </button>
            {!current.required && (
              <button type="submit" className="button-ghost">
                {t('common.twoFactor.turnOff')}
              </button>
            )}
          </form>
        </>
      )}
      {problem && !problem.field && <ErrorNotice error={problem.message} />}
    </section>
  );
}
