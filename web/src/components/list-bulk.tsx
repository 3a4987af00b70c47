import { useState } from 'react';
import { tr } from '../i18n';
import type { Filters } from '../lib/query-string';
import { BulkBar } from './bulk-bar';
import { type BulkAction, BulkDialog, type BulkReply } from './bulk-dialog';
import { selectColumn, selectionBody, selectionExportHref, useRowSelection } from './bulk-selection';

/** One bulk action of a list: its button, and how its dialog asks and calls the API. */
export interface ListBulkAction extends Omit<BulkAction, 'run'> {
  button: string;
  /** The action's fields in the API body (`{action: 'status'}`), beside the selection. */
  body: (fields: { status?: string; reason?: string }) => Record<string, unknown>;
}

/**
 * Bulk work on a paged list (issue 21): a checkbox per row, select page / all matching, the list's
 * actions through its POST …/bulk (one call, one transaction), and "Export selected".
 */
export function useListBulk<T>(options: {
  bulkPath: string;
  exportPath?: string;
  noun: string;
  actions: ListBulkAction[];
  /** The list's API query: its filters are the "all matching" selection. */
  query: Filters;
  /** Changes when the filters change (the selection is cleared then). */
  resetKey: string;
  rows: T[] | undefined;
  total: number;
  idOf: (row: T) => string;
  labelOf: (row: T) => string;
  post: (path: string, body: unknown) => Promise<BulkReply>;
}) {
  const { bulkPath, exportPath, noun, actions, query, resetKey, rows, total, idOf, labelOf, post } = options;
  const selection = useRowSelection(resetKey);
  const [action, setAction] = useState<BulkAction>();
  const pageIds = (rows ?? []).map(idOf);
  return {
    column: selectColumn<T>(selection, idOf, labelOf),
    bar: (
      <BulkBar selection={selection} pageIds={pageIds} total={total} noun={noun}>
        {actions.map((a) => (
          <button
            key={a.button}
            type="button"
            onClick={() =>
              setAction({
                ...a,
                run: (fields) => post(bulkPath, { ...selectionBody(selection, query), ...a.body(fields) }),
              })
            }
          >
            {a.button}
          </button>
        ))}
        {exportPath && (
          <a className="button" href={selectionExportHref(exportPath, selection, query)} download>
            {tr('common.bulk.exportSelected')}
          </a>
        )}
        {exportPath && (
          <a
            className="button"
            href={selectionExportHref(exportPath.replace(/\.csv$/, '.xlsx'), selection, query)}
            download
          >
            {tr('exports.selectedXlsx')}
          </a>
        )}
      </BulkBar>
    ),
    dialog: (
      <BulkDialog
        action={action}
        count={selection.count(total)}
        noun={noun}
        onClose={() => setAction(undefined)}
        // The change's own invalidation (lib/invalidation.ts) asks the list again.
        onDone={() => selection.clear()}
      />
    ),
  };
}
