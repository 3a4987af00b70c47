import { Type } from '@sinclair/typebox';

/** Schemas the report routes share. */

export const Day = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'YYYY-MM-DD: a local day in `tz` where the endpoint takes one, else a UTC day',
});

export const NumericId = Type.String({ pattern: '^[0-9]{1,15}$' });

export const MissingRates = Type.Array(Type.Object({ currency: Type.String(), date: Type.String() }), {
  description: 'currencies and days with no stored rate: their amounts are left out of the sums',
});

/** An optional currency to report every amount in, converted with the stored rates. */
export const ReportCurrency = Type.Optional(
  Type.String({ minLength: 3, maxLength: 3, description: 'report every amount in this ISO currency' }),
);
