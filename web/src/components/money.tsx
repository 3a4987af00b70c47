import { useTranslation } from 'react-i18next';
import { formatMoney } from '../lib/money';

export function Money({ amount, currency }: { amount: string; currency: string }) {
  const { i18n } = useTranslation();
  return <span className="num nowrap">{formatMoney(amount, currency, i18n.language)}</span>;
}
