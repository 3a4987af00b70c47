import type { ReactNode } from 'react';
import { formatMoney } from '../lib/money';

/** One figure of a card grid (Dashboard, Finance, the portal's Stats and Balance). */
export function StatCard({
  label,
  children,
  note,
}: {
  label: string;
  children: ReactNode;
  note?: ReactNode;
}) {
  return (
    <div className="card">
      <span className="card-label">{label}</span>
      <span className="card-value">{children}</span>
      {note ? <span className="card-note">{note}</span> : null}
    </div>
  );
}

/** Money of several currencies is never added: one line per currency, "—" for none. */
export function MoneyLines({ items }: { items: { amount: string; currency: string }[] }) {
  if (items.length === 0) return <>—</>;
  return (
    <span className={items.length > 1 ? 'money-lines money-lines-many' : 'money-lines'}>
      {items.map((item) => (
        <span key={item.currency} className="nowrap">
          {formatMoney(item.amount, item.currency)}
        </span>
      ))}
    </span>
  );
}
