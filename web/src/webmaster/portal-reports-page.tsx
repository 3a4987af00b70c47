import { GroupedReportView } from '../components/grouped-report-view';
import { usePageTitle } from '../hooks/use-page-title';
import { tr } from '../i18n';

/** The publisher's own grouped report: their traffic and payout only (GET /api/publisher/reports/grouped). */
export function PortalReportsPage() {
  usePageTitle(tr('reports.portalTitle'));
  return <GroupedReportView apiPath="/api/publisher/reports/grouped" portal />;
}
