import { tr } from '../i18n';

/** The currency-rate form: checked in the browser before it is sent (the server checks again). */
export interface RateDraft {
  currency: string;
  rate_date: string;
  rate: string;
}

export function rateProblems(draft: RateDraft, base: string): Partial<RateDraft> {
  const problems: Partial<RateDraft> = {};
  const code = draft.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) problems.currency = tr('setup.rates.isoCode');
  else if (code === base) problems.currency = tr('setup.rates.isBase', { base });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.rate_date)) problems.rate_date = tr('common.dates.notDate');
  const rate = draft.rate.trim();
  if (!/^\d{1,12}(\.\d{1,10})?$/.test(rate)) problems.rate = tr('setup.rates.positive');
  else if (/^[0.]+$/.test(rate)) problems.rate = tr('setup.rates.aboveZero');
  return problems;
}
