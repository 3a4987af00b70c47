import { FlowToolPage } from '../../components/flow-tool-page';

/** /admin/flows/:id/simulate: a described visitor through every check and stream; nothing recorded. */
export function SimulatePage() {
  return <FlowToolPage tool="simulate" app="Admin" base="/api/admin" home="/admin/flows" />;
}
