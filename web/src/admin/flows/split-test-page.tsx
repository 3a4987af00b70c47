import { FlowToolPage } from '../../components/flow-tool-page';

/** /admin/flows/:id/split-test: each stream's arms with intervals, charts and the bandit's shifts. */
export function SplitTestPage() {
  return <FlowToolPage tool="split-test" app="Admin" base="/api/admin" home="/admin/flows" />;
}
