import { useSectionTabs } from '../../components/section-tabs';
import { usePageTitle } from '../../hooks/use-page-title';
import { BlockedIps } from './blocked-ips';
import { FraudEvents } from './fraud-events';
import { FraudRules } from './fraud-rules';

const SECTIONS = [
  ['blocked', 'Blocked IPs'],
  ['events', 'Fraud events'],
  ['rules', 'Rule thresholds'],
] as const;

/** Seed 000 "Fraud Detection": the manual blocklist, what the rules caught, and their settings. */
export function FraudPage() {
  usePageTitle('Fraud Detection');
  const { current, tabs } = useSectionTabs(SECTIONS);
  return (
    <section>
      <h1>Fraud Detection</h1>
      {tabs}
      {current === 'blocked' && <BlockedIps />}
      {current === 'events' && <FraudEvents />}
      {current === 'rules' && <FraudRules />}
    </section>
  );
}
