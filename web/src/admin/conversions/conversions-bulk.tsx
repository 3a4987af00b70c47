import { useListBulk } from '../../components/list-bulk';
import { api } from '../../lib/api';
import type { Filters } from '../../lib/query-string';
import type { Conversion } from '../../lib/types';

/** SPEC's words for what an operator does to a conversion, and the canonical status each sets. */
const CONVERSION_STATUSES = [
  { value: 'approved', label: 'Approve (approved)' },
  { value: 'hold', label: 'Hold (hold)' },
  { value: 'cancelled', label: 'Reject (cancelled)' },
  { value: 'chargedback', label: 'Reverse (chargedback)' },
  { value: 'processing', label: 'Back to processing' },
  { value: 'wrong_number', label: 'Wrong number' },
  { value: 'spam', label: 'Spam' },
  { value: 'duplicate', label: 'Duplicate' },
  { value: 'test', label: 'Test' },
];

/** Bulk work on Conversions: a status change with a reason; the ledger moves as for single changes. */
export function useConversionsBulk(
  query: Filters,
  resetKey: string,
  rows: Conversion[] | undefined,
  total: number,
  reload: () => void,
) {
  return useListBulk<Conversion>({
    bulkPath: '/api/admin/conversions/bulk',
    exportPath: '/api/admin/conversions/export.csv',
    noun: 'conversions',
    query,
    resetKey,
    rows,
    total,
    reload,
    idOf: (c) => c.id,
    labelOf: (c) => `conversion ${c.id}`,
    post: (path, body) => api.post(path, body),
    actions: [
      {
        button: 'Change status…',
        title: 'Change the status of conversions',
        confirmLabel: 'Change',
        statuses: CONVERSION_STATUSES,
        reason: 'required',
        body: ({ status, reason }) => ({ status, reason }),
      },
    ],
  });
}
