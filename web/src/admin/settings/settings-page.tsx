import { usePageTitle } from '../../hooks/use-page-title';
import { AccountSection } from '../../shared/account/account-section';
import { RatesSection } from './rates-section';
import { SecuritySection } from './security-section';
import { UsersSection } from './users-section';

/** Settings: your own account, who may use the admin panel, security, and the exchange rates. */
export function SettingsPage({ meId, onAccountChange }: { meId?: string; onAccountChange?: () => void }) {
  usePageTitle('Settings');
  return (
    <section>
      <h1>Settings</h1>
      <AccountSection base="/api/auth" onChange={onAccountChange} />
      <UsersSection meId={meId} />
      <SecuritySection />
      <RatesSection />
    </section>
  );
}
