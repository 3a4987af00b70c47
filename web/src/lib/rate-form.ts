import { tr } from '../i18n';
import { formatDay } from '../i18n/format';
import { formatDecimal } from './money';

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

/**
 * What the form says after a rate is saved, the day and the rate in the app's language. The day
 * comes first in every language: a Russian day ends in its own period (`6 дек. 2026 г.`), which a
 * sentence's full stop after it would double.
 */
export function rateSavedNote(saved: {
  currency: string;
  rate: string;
  base_currency: string;
  rate_date: string;
}) {
  return tr('setup.rates.savedNote', {
    currency: saved.currency,
    rate: formatDecimal(saved.rate),
    base: saved.base_currency,
    day: formatDay(saved.rate_date),
  });
}
