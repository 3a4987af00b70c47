import { useListBulk } from '../../components/list-bulk';
import { tr } from '../../i18n';
import { api } from '../../lib/api';
import type { Filters } from '../../lib/query-string';
import type { Publisher } from '../../lib/types';

/** Bulk work on Publishers: approve or suspend, with an optional reason kept in the audit log. */
export function usePublishersBulk(
  query: Filters,
  resetKey: string,
  rows: Publisher[] | undefined,
  total: number,
) {
  return useListBulk<Publisher>({
    bulkPath: '/api/admin/publishers/bulk',
    exportPath: '/api/admin/publishers/export.csv',
    noun: 'publishers',
    query,
    resetKey,
    rows,
    total,
    idOf: (p) => p.id,
    labelOf: (p) => p.name,
    post: (path, body) => api.post(path, body),
    actions: [
      {
        button: tr('common.bulk.approve'),
        title: tr('common.bulk.approveTitle'),
        confirmLabel: tr('common.bulk.approveConfirm'),
        reason: 'optional',
        body: ({ reason }) => ({ action: 'approve', reason }),
      },
      {
        button: tr('common.bulk.suspend'),
        title: tr('common.bulk.suspendTitle'),
        confirmLabel: tr('common.bulk.suspendConfirm'),
        reason: 'optional',
        body: ({ reason }) => ({ action: 'suspend', reason }),
      },
    ],
  });
}
