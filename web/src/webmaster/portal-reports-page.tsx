import { GroupedReportView } from '../components/grouped-report-view';
import { usePageTitle } from '../hooks/use-page-title';

/** The publisher's own grouped report: their traffic and payout only (GET /api/publisher/reports/grouped). */
export function PortalReportsPage() {
  usePageTitle('Reports');
  return <GroupedReportView apiPath="/api/publisher/reports/grouped" portal />;
}
