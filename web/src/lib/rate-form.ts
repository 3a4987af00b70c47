/** The currency-rate form: checked in the browser before it is sent (the server checks again). */
export interface RateDraft {
  currency: string;
  rate_date: string;
  rate: string;
}

export function rateProblems(draft: RateDraft, base: string): Partial<RateDraft> {
  const problems: Partial<RateDraft> = {};
  const code = draft.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) problems.currency = 'Three-letter ISO code, e.g. EUR';
  else if (code === base) problems.currency = `${base} is the base currency: its rate is always 1`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.rate_date)) problems.rate_date = 'A date, YYYY-MM-DD';
  const rate = draft.rate.trim();
  if (!/^\d{1,12}(\.\d{1,10})?$/.test(rate)) problems.rate = 'A positive decimal, e.g. 1.0850';
  else if (/^[0.]+$/.test(rate)) problems.rate = 'Must be greater than 0';
  return problems;
}
