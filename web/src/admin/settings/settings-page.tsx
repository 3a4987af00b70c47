import { usePageTitle } from '../../hooks/use-page-title';
import { RatesSection } from './rates-section';
import { UsersSection } from './users-section';

/** Settings: who may use the admin panel, and the exchange rates reports convert with. */
export function SettingsPage({ meId }: { meId?: string }) {
  usePageTitle('Settings');
  return (
    <section>
      <h1>Settings</h1>
      <UsersSection meId={meId} />
      <RatesSection />
    </section>
  );
}
