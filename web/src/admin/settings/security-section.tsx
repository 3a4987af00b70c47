import { useState } from 'react';
import { ErrorNotice, Notice } from '../../components/notice';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';

interface SecuritySettings {
  require_admin_two_factor: boolean;
}

/** Network-wide: whether every admin must use two-factor sign-in (turn it on for yourself first). */
export function SecuritySection() {
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
      setDone(
        required
          ? 'Every admin now needs two-factor sign-in; those without it are asked to set it up first.'
          : 'Two-factor sign-in is optional for admins.',
      );
      settings.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  return (
    <div className="settings-block">
      <h2>Security</h2>
      {settings.error ? <ErrorNotice error={settings.error} onRetry={settings.reload} /> : null}
      {settings.data && (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={settings.data.require_admin_two_factor}
            onChange={(e) => toggle(e.target.checked)}
          />{' '}
          Require two-factor sign-in for every admin
        </label>
      )}
      <p className="hint">Publishers may turn it on for themselves in the portal.</p>
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
    </div>
  );
}
