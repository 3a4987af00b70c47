/**
 * A person's table settings (issue 21 item 5): which columns a table shows and in what order, and
 * how dense rows are. Kept on the server per account (/api/auth|publisher/ui-preferences,
 * src/modules/ui-preferences) and mirrored in localStorage so the first paint already uses them.
 */

export type Density = 'comfortable' | 'compact';

export interface TableColumns {
  /** Column keys in the order chosen; keys not listed keep their place after these. */
  order: string[];
  hidden: string[];
}

export interface UiPreferences {
  density: Density | null;
  tables: Record<string, TableColumns>;
}

export const EMPTY_PREFERENCES: UiPreferences = { density: null, tables: {} };

const TABLE_ID = /^[a-z0-9][a-z0-9:/._-]{0,119}$/;
const COLUMN_KEY = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Keys the server accepts (src/modules/ui-preferences/schemas.ts); others cannot be saved. */
export function isColumnKey(key: string): boolean {
  return COLUMN_KEY.test(key);
}

/**
 * A table's id without any screen having to name it: the screen's path (ids in it replaced by
 * `:id`, so every offer's page shares one setting) and the first column that is not the selection
 * box, which tells two tables on one screen apart.
 */
export function tableIdFor(pathname: string, columnKeys: readonly string[]): string | undefined {
  const path = pathname
    .toLowerCase()
    .split('/')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) || /^[0-9a-f-]{16,}$/.test(part) ? ':id' : part))
    .join('/');
  const first = columnKeys.find((key) => key !== 'select') ?? columnKeys[0] ?? '';
  const id = `${path}:${first.toLowerCase()}`.replace(/[^a-z0-9:/._-]/g, '_').slice(0, 120);
  return TABLE_ID.test(id) ? id : undefined;
}

/** The columns to show, in the chosen order: unknown saved keys are dropped, new columns keep their place. */
export function arrangeColumns<C extends { key: string }>(
  columns: readonly C[],
  prefs: TableColumns | undefined,
) {
  if (!prefs) return [...columns];
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const ordered: C[] = [];
  const placed = new Set<string>();
  for (const key of prefs.order) {
    const column = byKey.get(key);
    if (column && !placed.has(key)) {
      ordered.push(column);
      placed.add(key);
    }
  }
  // A column the saved order does not know (added since) goes after its left neighbour in the code.
  columns.forEach((column, index) => {
    if (placed.has(column.key)) return;
    const before = columns
      .slice(0, index)
      .reverse()
      .find((c) => placed.has(c.key));
    const at = before ? ordered.indexOf(before) + 1 : 0;
    ordered.splice(at, 0, column);
    placed.add(column.key);
  });
  return ordered;
}

export function visibleColumns<C extends { key: string }>(
  columns: readonly C[],
  prefs: TableColumns | undefined,
) {
  const hidden = new Set(prefs?.hidden ?? []);
  const shown = arrangeColumns(columns, prefs).filter((c) => !hidden.has(c.key));
  // Hiding everything would leave an empty box: the first column always shows.
  return shown.length > 0 ? shown : columns.slice(0, 1);
}

/** Moves one column a step left (-1) or right (+1) in the arranged order. */
export function moveColumn(
  columns: readonly { key: string }[],
  prefs: TableColumns | undefined,
  key: string,
  step: -1 | 1,
): TableColumns {
  const order = arrangeColumns(columns, prefs).map((c) => c.key);
  const from = order.indexOf(key);
  const to = from + step;
  if (from >= 0 && to >= 0 && to < order.length) {
    order.splice(from, 1);
    order.splice(to, 0, key);
  }
  return { order: order.filter(isColumnKey), hidden: prefs?.hidden ?? [] };
}

export function toggleColumn(
  columns: readonly { key: string }[],
  prefs: TableColumns | undefined,
  key: string,
  show: boolean,
): TableColumns {
  const hidden = new Set(prefs?.hidden ?? []);
  if (show) hidden.delete(key);
  else hidden.add(key);
  const order = prefs?.order.length ? prefs.order : arrangeColumns(columns, prefs).map((c) => c.key);
  return { order: order.filter(isColumnKey), hidden: [...hidden].filter(isColumnKey) };
}
