import { tr } from '../i18n';
import { type Filters, toQueryString } from '../lib/query-string';

/**
 * "Export CSV" for a list screen: the list's own API query (its current filters and sort) sent to
 * the list's export.csv, which streams every matching row, not just the page on screen.
 */
export function ExportCsvLink({ path, query, label }: { path: string; query: Filters; label?: string }) {
  const { page: _page, per_page: _perPage, ...filters } = query;
  return (
    <a className="button" href={`${path}${toQueryString(filters)}`} download>
      {label ?? tr('common.export.csv')}
    </a>
  );
}
