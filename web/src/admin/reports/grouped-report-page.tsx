import { GroupedReportView } from '../../components/grouped-report-view';
import { usePageTitle } from '../../hooks/use-page-title';
import { tr } from '../../i18n';

/** Reports → Grouped report: several groupings at once with drill-down (issue 21). */
export function GroupedReportPage() {
  usePageTitle(tr('setup.reports.groupedTitle'));
  return <GroupedReportView apiPath="/api/admin/reports/grouped" portal={false} />;
}
