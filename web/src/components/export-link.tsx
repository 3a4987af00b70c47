import { tr } from '../i18n';
import { type Filters, toQueryString } from '../lib/query-string';

/**
 * "Export CSV" and "Export XLSX" for a list screen: the list's own API query (its current filters
 * and sort) sent to the list's export.csv, which streams every matching row, not just the page on
 * screen, or to export.xlsx (the same rows as a workbook, up to the server's XLSX_MAX_ROWS).
 */
export function ExportCsvLink({ path, query, label }: { path: string; query: Filters; label?: string }) {
  const { page: _page, per_page: _perPage, ...filters } = query;
  const search = toQueryString(filters);
  return (
    <>
      <a className="button" href={`${path}${search}`} download>
        {label ?? tr('common.export.csv')}
      </a>
      <a
        className="button"
        href={`${path.replace(/\.csv$/, '.xlsx')}${search}`}
        download
        title={tr('exports.xlsxHint')}
      >
        {tr('exports.xlsx')}
      </a>
    </>
  );
}
