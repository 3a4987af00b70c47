import { formatMoney } from '../lib/money';

export function Money({ amount, currency }: { amount: string; currency: string }) {
  return <span className="num nowrap">{formatMoney(amount, currency)}</span>;
}
