import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../hooks/use-page-title';
import { AccountSection } from '../../shared/account/account-section';
import { useAccess } from '../access';
import { RatesSection } from './rates-section';
import { RetentionSection } from './retention-section';
import { SecuritySection } from './security-section';
import { UsersSection } from './users-section';

/** Settings: your own account, who may use the admin panel, security, and the exchange rates. */
export function SettingsPage({ meId, onAccountChange }: { meId?: string; onAccountChange?: () => void }) {
  const { t } = useTranslation();
  usePageTitle(t('setup.settings.title'));
  const access = useAccess();
  const canSeeUsers = access.can('GET /api/admin/users');
  const canChangeSecurity = access.can('PUT /api/admin/security-settings');
  const canChangeRetention = access.can('PUT /api/admin/retention-settings');
  return (
    <section>
      <h1>{t('setup.settings.title')}</h1>
      <AccountSection base="/api/auth" onChange={onAccountChange} />
      {canSeeUsers && <UsersSection meId={meId} />}
      {canChangeSecurity && <SecuritySection />}
      {canChangeRetention && <RetentionSection />}
      <RatesSection />
    </section>
  );
}
