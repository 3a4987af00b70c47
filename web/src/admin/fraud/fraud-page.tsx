import { useTranslation } from 'react-i18next';
import { useSectionTabs } from '../../components/section-tabs';
import { usePageTitle } from '../../hooks/use-page-title';
import { BlockedIps } from './blocked-ips';
import { FraudEvents } from './fraud-events';
import { FraudRules } from './fraud-rules';

/** Seed 000 "Fraud Detection": the manual blocklist, what the rules caught, and their settings. */
export function FraudPage() {
  const { t } = useTranslation();
  usePageTitle(t('traffic.fraud.title'));
  const { current, tabs } = useSectionTabs([
    ['blocked', t('traffic.fraud.blocked')],
    ['events', t('traffic.fraud.events')],
    ['rules', t('traffic.fraud.rules')],
  ] as const);
  return (
    <section>
      <h1>{t('traffic.fraud.title')}</h1>
      {tabs}
      {current === 'blocked' && <BlockedIps />}
      {current === 'events' && <FraudEvents />}
      {current === 'rules' && <FraudRules />}
    </section>
  );
}
