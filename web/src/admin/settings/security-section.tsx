import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, Notice } from '../../components/notice';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';

interface SecuritySettings {
  require_admin_two_factor: boolean;
}

/** Network-wide: whether every admin must use two-factor sign-in (turn it on for yourself first). */
export function SecuritySection() {
  const { t } = useTranslation();
  const settings = useResource('security-settings', () =>
    api.get<SecuritySettings>('/api/admin/security-settings'),
  );
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();

  async function toggle(required: boolean) {
    setFailure(undefined);
    setDone(undefined);
    try {
      await api.put('/api/admin/security-settings', { require_admin_two_factor: required });
      setDone(required ? t('setup.security.required') : t('setup.security.optional'));
      settings.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  return (
    <div className="settings-block">
      <h2>{t('setup.security.title')}</h2>
      {settings.error ? <ErrorNotice error={settings.error} onRetry={settings.reload} /> : null}
      {settings.data && (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={settings.data.require_admin_two_factor}
            onChange={(e) => toggle(e.target.checked)}
          />{' '}
          {t('setup.security.require')}
        </label>
      )}
      <p className="hint">{t('setup.security.hint')}</p>
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
    </div>
  );
}
