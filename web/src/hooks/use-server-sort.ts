import { useSearchParams } from 'react-router';
import type { ServerSort } from '../components/data-table';
import { readSort, sortQuery, withSort } from '../lib/sort-params';

/**
 * A server-sorted table's sort, kept in the address bar. `keys` maps the table's column keys to the
 * API's sort names. `query` goes into the API call and into every other change of the address bar
 * (filters, pages), so a sort survives them; `table` is DataTable's `serverSort`.
 */
export function useServerSort(keys: Readonly<Record<string, string>>) {
  const [params, setParams] = useSearchParams();
  const sortable = Object.values(keys);
  const sort = readSort(params, sortable);
  const table: ServerSort = {
    keys,
    sort,
    onSort: (name) => setParams(withSort(params, sortable, name)),
  };
  return { sort, query: sortQuery(sort), table };
}
