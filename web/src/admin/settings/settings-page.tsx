import { usePageTitle } from '../../hooks/use-page-title';
import { useAccess } from '../access';
import { RatesSection } from './rates-section';
import { UsersSection } from './users-section';

/** Settings: who may use the admin panel, and the exchange rates reports convert with. */
export function SettingsPage({ meId }: { meId?: string }) {
  usePageTitle('Settings');
  const canSeeUsers = useAccess().can('GET /api/admin/users');
  return (
    <section>
      <h1>Settings</h1>
      {canSeeUsers && <UsersSection meId={meId} />}
      <RatesSection />
    </section>
  );
}
