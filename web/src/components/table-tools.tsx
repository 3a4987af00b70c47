import { useTranslation } from 'react-i18next';
import type { TablePrefsApi } from '../hooks/use-table-prefs';
import { arrangeColumns, isColumnKey, moveColumn, type TableColumns, toggleColumn } from '../lib/table-prefs';

interface ToolColumn {
  key: string;
  header: string;
}

interface TableToolsProps {
  caption: string;
  tableId: string | undefined;
  columns: readonly ToolColumn[];
  prefs: TablePrefsApi;
}

/** A column's name in the chooser: its header, or what it is for when the header is blank. */
function labelOf(
  column: ToolColumn,
  index: number,
  t: (key: string, options?: Record<string, unknown>) => string,
) {
  if (column.header.trim()) return column.header;
  return column.key === 'select' ? t('tables.selection') : t('tables.untitled', { n: index + 1 });
}

/**
 * Above every list table: the column chooser (show, hide and reorder, kept on the person's account)
 * and the row density (comfortable or compact, one setting for every table).
 */
export function TableTools({ caption, tableId, columns, prefs }: TableToolsProps) {
  const { t } = useTranslation();
  const saved: TableColumns | undefined = tableId ? prefs.prefs.tables[tableId] : undefined;
  const arranged = arrangeColumns(columns, saved);
  const hidden = new Set(saved?.hidden ?? []);
  const density = prefs.prefs.density ?? 'comfortable';
  const chooser = tableId !== undefined && columns.every((c) => isColumnKey(c.key));
  const save = (next: TableColumns) => tableId && prefs.setColumns(tableId, next);
  const shownCount = arranged.filter((c) => !hidden.has(c.key)).length;

  return (
    <div className="table-tools">
      {chooser && (
        <details className="column-chooser">
          <summary className="button button-small">{t('tables.columns')}</summary>
          <fieldset className="column-chooser-panel">
            <legend className="sr-only">{t('tables.columnsOf', { table: caption })}</legend>
            <ol>
              {arranged.map((column, index) => {
                const label = labelOf(column, columns.indexOf(column), t);
                const shown = !hidden.has(column.key);
                return (
                  <li key={column.key}>
                    <label>
                      <input
                        type="checkbox"
                        // "Show Status", not "Status": the list's own filters are named by the bare column.
                        aria-label={t('tables.show', { column: label })}
                        checked={shown}
                        // The last shown column stays: an empty table helps no one.
                        disabled={shown && shownCount === 1}
                        onChange={(e) => save(toggleColumn(columns, saved, column.key, e.target.checked))}
                      />
                      {label}
                    </label>
                    <span className="column-move">
                      <button
                        type="button"
                        className="button-small button-ghost"
                        aria-label={t('tables.moveUp', { column: label })}
                        disabled={index === 0}
                        onClick={() => save(moveColumn(columns, saved, column.key, -1))}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className="button-small button-ghost"
                        aria-label={t('tables.moveDown', { column: label })}
                        disabled={index === arranged.length - 1}
                        onClick={() => save(moveColumn(columns, saved, column.key, 1))}
                      >
                        ↓
                      </button>
                    </span>
                  </li>
                );
              })}
            </ol>
            <button
              type="button"
              className="button-small"
              disabled={!saved}
              onClick={() => tableId && prefs.resetColumns(tableId)}
            >
              {t('tables.reset')}
            </button>
          </fieldset>
        </details>
      )}
      <fieldset className="density-toggle">
        <legend className="sr-only">{t('tables.density')}</legend>
        {(['comfortable', 'compact'] as const).map((d) => (
          <button
            key={d}
            type="button"
            className="button-small"
            aria-pressed={density === d}
            onClick={() => prefs.setDensity(d)}
          >
            {t(`tables.${d}`)}
          </button>
        ))}
      </fieldset>
    </div>
  );
}
