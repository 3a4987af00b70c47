import { FlowToolPage } from '../components/flow-tool-page';

/** /webmaster/flows/:id/split-test: the publisher's own flow's split test. */
export function PortalSplitTestPage() {
  return <FlowToolPage tool="split-test" app="Publisher" base="/api/publisher" home="/webmaster/flows" />;
}

/** /webmaster/flows/:id/simulate: the publisher's simulator (fraud checks left out by the API). */
export function PortalSimulatePage() {
  return <FlowToolPage tool="simulate" app="Publisher" base="/api/publisher" home="/webmaster/flows" />;
}
