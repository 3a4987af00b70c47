import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/format';
import { pageCount } from '../lib/table-state';

interface PagerProps {
  page: number;
  perPage: number;
  total: number;
  onPage: (page: number) => void;
  busy?: boolean;
}

export function Pager({ page, perPage, total, onPage, busy }: PagerProps) {
  const { t } = useTranslation();
  const pages = pageCount(total, perPage);
  const first = (page - 1) * perPage + 1;
  return (
    <nav className="pager" aria-label={t('common.pager.pages')}>
      <span className="muted" aria-live="polite">
        {total === 0
          ? t('common.pager.none')
          : t('common.pager.range', {
              first: formatNumber(first),
              last: formatNumber(Math.min(page * perPage, total)),
              total: formatNumber(total),
            })}
      </span>
      {pages > 1 && (
        <span className="pager-buttons">
          <button type="button" onClick={() => onPage(page - 1)} disabled={busy || page <= 1}>
            ← {t('common.pager.previous')}
          </button>
          <span>{t('common.pager.page', { page, pages })}</span>
          <button type="button" onClick={() => onPage(page + 1)} disabled={busy || page >= pages}>
            {t('common.pager.next')} →
          </button>
        </span>
      )}
    </nav>
  );
}
