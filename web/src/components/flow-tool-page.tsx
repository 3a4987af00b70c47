import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { usePageTitle } from '../hooks/use-page-title';
import { useResource } from '../hooks/use-resource';
import { api } from '../lib/api';
import type { Flow } from '../lib/types';
import { SimulateView } from './simulate-view';
import { SplitTestView } from './split-test-view';

export type FlowTool = 'split-test' | 'simulate';

const TITLE_KEYS: Record<FlowTool, string> = {
  'split-test': 'traffic.flowTool.splitTest',
  simulate: 'traffic.flowTool.simulate',
};

/**
 * The split-test and simulate screens of one flow (`:id` in the route), for the admin panel
 * (`/admin/flows`, /api/admin) and the publisher portal (`/webmaster/flows`, /api/publisher).
 */
export function FlowToolPage({
  tool,
  app,
  base,
  home,
}: {
  tool: FlowTool;
  app: 'Admin' | 'Publisher';
  base: string;
  /** The flows list this screen is reached from. */
  home: string;
}) {
  const { t } = useTranslation();
  const id = useParams().id ?? '';
  const flow = useResource(`flow:${base}:${id}`, () => api.get<Flow>(`${base}/flows/${id}`));
  const name = flow.data ? flow.data.name || flow.data.code : `#${id}`;
  const title = t('traffic.flowTool.title', { tool: t(TITLE_KEYS[tool]), name });
  usePageTitle(title, app);
  const other: FlowTool = tool === 'split-test' ? 'simulate' : 'split-test';
  return (
    <section>
      <p className="crumbs">
        <Link to={home}>{t('traffic.flowTool.flows')}</Link> /
      </p>
      <div className="page-head">
        <h1>{title}</h1>
        <span className="row-actions">
          <Link className="button" to={`${home}/${id}/${other}`}>
            {t(TITLE_KEYS[other])}
          </Link>
        </span>
      </div>
      {flow.data ? (
        <p className="muted">
          {t('traffic.flowTool.link')} <code>/f/{flow.data.code}</code>
        </p>
      ) : null}
      {tool === 'split-test' ? (
        <SplitTestView base={base} flowId={id} />
      ) : (
        <SimulateView base={base} flowId={id} />
      )}
    </section>
  );
}
