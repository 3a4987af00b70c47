import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PasswordPanel } from './password-panel';
import { SessionsPanel } from './sessions-panel';
import { TwoFactorPanel } from './two-factor-panel';

/** My account, for admins (`/api/auth`) and publishers (`/api/publisher`): 2FA, password, sessions. */
export function AccountSection({
  base,
  onChange,
}: {
  base: '/api/auth' | '/api/publisher';
  onChange?: () => void;
}) {
  // A password change signs other sessions out: the list reloads.
  const [version, setVersion] = useState(0);
  const { t } = useTranslation();
  return (
    <div className="settings-block">
      <h2>{t('common.account.title')}</h2>
      <TwoFactorPanel base={base} onChange={onChange} />
      <PasswordPanel base={base} onChange={() => setVersion((v) => v + 1)} />
      <SessionsPanel base={base} version={version} />
    </div>
  );
}
