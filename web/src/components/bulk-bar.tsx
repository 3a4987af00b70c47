import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RowSelection } from './bulk-selection';

/**
 * Above a list with bulk actions: select this page, then every row the filter matches; the count
 * selected and the actions, shown once something is selected.
 */
export function BulkBar({
  selection,
  pageIds,
  total,
  noun,
  children,
}: {
  selection: RowSelection;
  pageIds: readonly string[];
  total: number;
  noun: string;
  children: ReactNode;
}) {
  const pageSelected = pageIds.length > 0 && pageIds.every((id) => selection.ids.has(id));
  const { t } = useTranslation();
  const count = selection.count(total);
  return (
    <section className="bulk-bar" aria-label={t('common.bulk.bar')}>
      <label className="bulk-page">
        <input
          type="checkbox"
          checked={selection.allMatching || pageSelected}
          disabled={pageIds.length === 0}
          onChange={(e) => selection.setPage(pageIds, e.target.checked)}
        />{' '}
        {t('common.bulk.selectPage')}
      </label>
      {(pageSelected || selection.allMatching) && total > pageIds.length && !selection.allMatching && (
        <button type="button" className="button-ghost" onClick={selection.selectAllMatching}>
          {t('common.bulk.selectAll', { count: total })}
        </button>
      )}
      {count > 0 && (
        <>
          <span className="bulk-count" aria-live="polite">
            {t('common.bulk.selected', { items: t(`common.bulk.items.${noun}`, { count }) })}
            {selection.allMatching ? ` ${t('common.bulk.allMatching')}` : ''}
          </span>
          <span className="row-actions">{children}</span>
          <button type="button" className="button-ghost" onClick={selection.clear}>
            {t('common.bulk.clear')}
          </button>
        </>
      )}
    </section>
  );
}
