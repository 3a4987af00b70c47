import { type TObject, Type } from '@sinclair/typebox';

/** At most this many ids in an "export selected" (a page's worth of selected rows). */
export const MAX_EXPORT_IDS = 1_000;

/**
 * An export's query: the list's own query schema (same filters) plus `ids`, the selected rows; the ids
 * narrow the filters, never widen them.
 */
export function ExportQuery<T extends TObject>(listQuery: T) {
  return Type.Composite([
    listQuery,
    Type.Object({
      ids: Type.Optional(
        Type.String({
          maxLength: MAX_EXPORT_IDS * 27,
          pattern: '^[0-9A-Za-z]+(,[0-9A-Za-z]+)*$',
          description: 'comma-separated ids: export only these of the matching rows',
        }),
      ),
    }),
  ]);
}

export function idsOf(ids: string | undefined): string[] | undefined {
  return ids === undefined ? undefined : ids.split(',').slice(0, MAX_EXPORT_IDS);
}

export function csvHeaders(fileName: string): Record<string, string> {
  return {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${fileName}"`,
    'cache-control': 'no-store',
  };
}
