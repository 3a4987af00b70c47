import { useListBulk } from '../../components/list-bulk';
import { api } from '../../lib/api';
import { LEAD_STATUS_LABELS, LEAD_STATUSES } from '../../lib/lead-filters';
import type { Filters } from '../../lib/query-string';
import type { Lead } from '../../lib/types';

export const STATUS_OPTIONS = LEAD_STATUSES.map((s) => ({ value: s, label: LEAD_STATUS_LABELS[s] }));

/** Bulk work on Leads: change the status with a reason, push again, export the selection. */
export function useLeadsBulk(
  query: Filters,
  resetKey: string,
  rows: Lead[] | undefined,
  total: number,
  reload: () => void,
) {
  return useListBulk<Lead>({
    bulkPath: '/api/admin/leads/bulk',
    exportPath: '/api/admin/leads/export.csv',
    noun: 'leads',
    query,
    resetKey,
    rows,
    total,
    reload,
    idOf: (l) => l.id,
    labelOf: (l) => `lead ${l.id}`,
    post: (path, body) => api.post(path, body),
    actions: [
      {
        button: 'Change status…',
        title: 'Change the status of leads',
        confirmLabel: 'Change',
        statuses: STATUS_OPTIONS,
        reason: 'required',
        body: ({ status, reason }) => ({ action: 'status', status, reason }),
      },
      {
        button: 'Push again…',
        title: 'Push leads again (only failed pushes)',
        confirmLabel: 'Push again',
        reason: 'none',
        body: () => ({ action: 'repush' }),
      },
    ],
  });
}
