import { useListBulk } from '../../components/list-bulk';
import { tr } from '../../i18n';
import { api } from '../../lib/api';
import { LEAD_STATUS_LABELS, LEAD_STATUSES } from '../../lib/lead-filters';
import type { Filters } from '../../lib/query-string';
import type { Lead } from '../../lib/types';

export const STATUS_OPTIONS = LEAD_STATUSES.map((s) => ({
  value: s,
  get label() {
    return LEAD_STATUS_LABELS[s];
  },
}));

/** Bulk work on Leads: change the status with a reason, push again, export the selection. */
export function useLeadsBulk(query: Filters, resetKey: string, rows: Lead[] | undefined, total: number) {
  return useListBulk<Lead>({
    bulkPath: '/api/admin/leads/bulk',
    exportPath: '/api/admin/leads/export.csv',
    noun: 'leads',
    query,
    resetKey,
    rows,
    total,
    idOf: (l) => l.id,
    labelOf: (l) => tr('common.bulk.rowLead', { id: l.id }),
    post: (path, body) => api.post(path, body),
    actions: [
      {
        button: tr('common.bulk.changeStatus'),
        title: tr('common.bulk.leadsTitle'),
        confirmLabel: tr('common.bulk.change'),
        statuses: STATUS_OPTIONS,
        reason: 'required',
        body: ({ status, reason }) => ({ action: 'status', status, reason }),
      },
      {
        button: tr('common.bulk.pushAgain'),
        title: tr('common.bulk.pushTitle'),
        confirmLabel: tr('common.bulk.pushAgainConfirm'),
        reason: 'none',
        body: () => ({ action: 'repush' }),
      },
    ],
  });
}
