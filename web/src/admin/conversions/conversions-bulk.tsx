import { useListBulk } from '../../components/list-bulk';
import { tr } from '../../i18n';
import { api } from '../../lib/api';
import type { Filters } from '../../lib/query-string';
import type { Conversion } from '../../lib/types';

/** SPEC's words for what an operator does to a conversion, and the canonical status each sets. */
const CONVERSION_STATUSES = [
  ...['approved', 'hold', 'cancelled', 'chargedback', 'processing'].map((value) => ({
    value,
    get label() {
      return tr(`common.bulk.conversionStatus.${value}`);
    },
  })),
  ...['wrong_number', 'spam', 'duplicate', 'test'].map((value) => ({
    value,
    get label() {
      return tr(`common.status.${value}`);
    },
  })),
];

/** Bulk work on Conversions: a status change with a reason; the ledger moves as for single changes. */
export function useConversionsBulk(
  query: Filters,
  resetKey: string,
  rows: Conversion[] | undefined,
  total: number,
) {
  return useListBulk<Conversion>({
    bulkPath: '/api/admin/conversions/bulk',
    exportPath: '/api/admin/conversions/export.csv',
    noun: 'conversions',
    query,
    resetKey,
    rows,
    total,
    idOf: (c) => c.id,
    labelOf: (c) => tr('common.bulk.rowConversion', { id: c.id }),
    post: (path, body) => api.post(path, body),
    actions: [
      {
        button: tr('common.bulk.changeStatus'),
        title: tr('common.bulk.conversionsTitle'),
        confirmLabel: tr('common.bulk.change'),
        statuses: CONVERSION_STATUSES,
        reason: 'required',
        body: ({ status, reason }) => ({ status, reason }),
      },
    ],
  });
}
