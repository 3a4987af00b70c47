import { useResource } from '../../hooks/use-resource';
import { api, type Page } from '../../lib/api';
import type { CurrencyRate } from '../../lib/types';

/** Common report currencies plus the base and every currency with a stored rate, sorted. */
export function useRateCurrencies(): string[] {
  const rates = useResource('rate-currencies', () =>
    api.get<Page<CurrencyRate> & { base_currency: string }>('/api/admin/currency-rates', { per_page: 500 }),
  );
  const codes = new Set(['USD', 'EUR', 'GBP']);
  if (rates.data) {
    codes.add(rates.data.base_currency);
    for (const r of rates.data.data) codes.add(r.currency);
  }
  return [...codes].sort();
}
