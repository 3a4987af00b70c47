import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatMoney } from '../lib/money';

interface StatCardProps {
  label: string;
  children: ReactNode;
  note?: ReactNode;
  /** A card that leads to the list behind its figure. */
  to?: string;
}

/** One figure of a card grid (Dashboard, Finance, the portal's Stats and Balance). */
export function StatCard({ label, children, note, to }: StatCardProps) {
  const body = (
    <>
      <span className="card-label">{label}</span>
      <span className="card-value">{children}</span>
      {note ? <span className="card-note">{note}</span> : null}
    </>
  );
  return to ? (
    <Link className="card" to={to}>
      {body}
    </Link>
  ) : (
    <div className="card">{body}</div>
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
