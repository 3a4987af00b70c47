import { pageCount, rangeLabel } from '../lib/table-state';

interface PagerProps {
  page: number;
  perPage: number;
  total: number;
  onPage: (page: number) => void;
  busy?: boolean;
}

export function Pager({ page, perPage, total, onPage, busy }: PagerProps) {
  const pages = pageCount(total, perPage);
  return (
    <nav className="pager" aria-label="Pages">
      <span className="muted" aria-live="polite">
        {rangeLabel(page, perPage, total)}
      </span>
      {pages > 1 && (
        <span className="pager-buttons">
          <button type="button" onClick={() => onPage(page - 1)} disabled={busy || page <= 1}>
            ← Previous
          </button>
          <span>
            Page {page} of {pages}
          </span>
          <button type="button" onClick={() => onPage(page + 1)} disabled={busy || page >= pages}>
            Next →
          </button>
        </span>
      )}
    </nav>
  );
}
