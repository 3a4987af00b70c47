import type { Static, TObject } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { type CsvExport, csvStream, EXPORT_CHUNK, exportFileName } from '../lib/csv-stream.js';
import { TooManyRowsForXlsxError, xlsxFileName, xlsxHeaders, xlsxWorkbook } from '../lib/xlsx.js';
import { csvHeaders, ExportQuery } from './export-schemas.js';
import type { App } from './types.js';

/** Every list export comes as CSV (streamed, no row limit) and XLSX (in memory, XLSX_MAX_ROWS rows). */
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The rows of an export as cells in column order, read chunk by chunk; refused past `maxRows`. */
export async function exportCells<R, K>(spec: CsvExport<R, K>, maxRows: number): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  const limit = spec.chunk ?? EXPORT_CHUNK;
  let after: K | undefined;
  for (;;) {
    const page = await spec.page(after, limit);
    for (const row of page) {
      if (rows.length === maxRows) throw new TooManyRowsForXlsxError(maxRows);
      const shown = spec.present(row) as Record<string, unknown>;
      rows.push(spec.columns.map((c) => shown[c]));
    }
    if (page.length < limit) return rows;
    after = spec.idOf(page[page.length - 1] as R);
  }
}

/** The reply of one export: CSV streamed as the client reads it, or an XLSX workbook. */
export async function sendExport<R, K>(
  reply: FastifyReply,
  ctx: AppContext,
  list: string,
  format: ExportFormat,
  spec: CsvExport<R, K>,
) {
  const now = ctx.clock.now();
  if (format === 'csv') return reply.headers(csvHeaders(exportFileName(list, now))).send(csvStream(spec));
  const workbook = await xlsxWorkbook(spec.columns, await exportCells(spec, ctx.config.xlsxMaxRows), list);
  return reply.headers(xlsxHeaders(xlsxFileName(list, now))).send(workbook);
}

/**
 * GET `<path>/export.csv` and `<path>/export.xlsx` for a list: the list's own query schema (its
 * filters) plus `ids`, and one spec that pages through the matching rows for both formats.
 */
export function listExportRoutes<Q extends TObject, R, K>(
  app: App,
  ctx: AppContext,
  options: {
    path: string;
    list: string;
    tags: string[];
    what: string;
    query: Q;
    spec: (query: Static<Q> & { ids?: string }, request: FastifyRequest) => CsvExport<R, K>;
  },
) {
  const querystring = ExportQuery(options.query);
  for (const format of EXPORT_FORMATS) {
    app.get(
      `${options.path}/export.${format}`,
      {
        schema: {
          tags: options.tags,
          summary:
            format === 'csv'
              ? `Every ${options.what} the list's filters match (or the selected ids among them), as CSV, streamed`
              : `The same as export.csv as an XLSX workbook (at most XLSX_MAX_ROWS rows, 50,000 by default, else 422)`,
          querystring,
        },
      },
      async (request, reply) =>
        sendExport(
          reply,
          ctx,
          options.list,
          format,
          options.spec(request.query as Static<Q> & { ids?: string }, request),
        ),
    );
  }
}
