import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/field';
import { ErrorNotice, Notice } from '../../components/notice';
import { DateTime } from '../../components/time-zone';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';

interface CapiSettings {
  pixel_id: string;
  has_token: boolean;
  test_event_code: string | null;
  effective_at: string;
  previous_pixel_id: string | null;
}

/** Facebook pixel (Conversions API): the token is write-only, the server never sends it back. */
export function PixelPanel() {
  const { t } = useTranslation();
  // null when no pixel is set yet (a 200, so the browser logs no failed request).
  const current = useResource('my-capi', () => api.get<CapiSettings | null>('/api/publisher/capi'));
  const [pixel, setPixel] = useState<string>();
  const [token, setToken] = useState('');
  const [testCode, setTestCode] = useState<string>();
  const [problems, setProblems] = useState<{ pixel?: string; token?: string; code?: string }>({});
  const [failure, setFailure] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const s = current.data;
  const pixelValue = pixel ?? s?.pixel_id ?? '';
  const codeValue = testCode ?? s?.test_event_code ?? '';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    setFailure(undefined);
    const found: typeof problems = {};
    if (!/^\d{5,20}$/.test(pixelValue.trim())) found.pixel = t('portal.pixel.idProblem');
    if (!s?.has_token && token.trim().length < 10) found.token = t('portal.pixel.tokenMissing');
    if (token && token.trim().length < 10) found.token = t('portal.pixel.tokenShort');
    if (codeValue && !/^[A-Za-z0-9]{1,40}$/.test(codeValue.trim()))
      found.code = t('portal.pixel.codeProblem');
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    try {
      await api.put('/api/publisher/capi', {
        pixel_id: pixelValue.trim(),
        token: token.trim() || undefined,
        test_event_code: codeValue.trim() || null,
      });
      setToken('');
      setPixel(undefined);
      setTestCode(undefined);
      setSaved(true);
      current.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  async function remove() {
    if (!window.confirm(t('portal.pixel.confirmRemove'))) return;
    try {
      await api.delete('/api/publisher/capi');
      setPixel(undefined);
      setTestCode(undefined);
      current.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  return (
    <section className="panel" aria-labelledby="pixel-title">
      <h2 id="pixel-title">{t('portal.pixel.title')}</h2>
      <p className="hint">{t('portal.pixel.hint')}</p>
      {current.error ? <ErrorNotice error={current.error} onRetry={current.reload} /> : null}
      {s && Date.parse(s.effective_at) > Date.now() && (
        <Notice>
          {t('portal.pixel.startsAt', { id: s.pixel_id })} <DateTime iso={s.effective_at} />
          {s.previous_pixel_id ? `; ${t('portal.pixel.untilThen', { id: s.previous_pixel_id })}` : ''}.
        </Notice>
      )}
      {saved && <Notice tone="success">{t('portal.pixel.saved')}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <form onSubmit={submit} noValidate aria-label={t('portal.pixel.form')}>
        <div className="form-grid">
          <Field label={t('portal.pixel.id')} required error={problems.pixel}>
            {(c) => (
              <input
                {...c}
                inputMode="numeric"
                value={pixelValue}
                onChange={(e) => setPixel(e.target.value)}
              />
            )}
          </Field>
          <Field
            label={t('portal.pixel.token')}
            required={!s?.has_token}
            error={problems.token}
            hint={s?.has_token ? t('portal.pixel.tokenSaved') : t('portal.pixel.writeOnly')}
          >
            {(c) => (
              <input
                {...c}
                type="password"
                autoComplete="off"
                value={token}
                placeholder={s?.has_token ? '•••••••• (saved)' : ''}
                onChange={(e) => setToken(e.target.value)}
              />
            )}
          </Field>
          <Field
            label={t('portal.pixel.testCode')}
            error={problems.code}
            hint={t('portal.pixel.testCodeHint')}
          >
            {(c) => <input {...c} value={codeValue} onChange={(e) => setTestCode(e.target.value)} />}
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary">
            {t('portal.pixel.save')}
          </button>
          {s && (
            <button type="button" className="button-ghost" onClick={remove}>
              {t('portal.pixel.remove')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
