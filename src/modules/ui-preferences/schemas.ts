import { type Static, Type } from '@sinclair/typebox';

/** Row spacing in every list table. */
export const DENSITIES = ['comfortable', 'compact'] as const;
export type Density = (typeof DENSITIES)[number];

/** A table's id as the web app names it (its screen's path and first column): short and plain. */
export const TABLE_ID_PATTERN = '^[a-z0-9][a-z0-9:/._-]{0,119}$';
/** Column keys are the web app's own (`created_at`, `sub1`, `select`). */
const ColumnKey = Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' });

export const TableParams = Type.Object({ table: Type.String({ pattern: TABLE_ID_PATTERN }) });

export const TableColumnsBody = Type.Object(
  {
    order: Type.Array(ColumnKey, { maxItems: 80, description: 'column keys, first to last' }),
    hidden: Type.Array(ColumnKey, { maxItems: 80, description: 'column keys not shown' }),
  },
  { additionalProperties: false },
);
export type TableColumns = Static<typeof TableColumnsBody>;

export const DensityBody = Type.Object(
  { density: Type.Union(DENSITIES.map((d) => Type.Literal(d))) },
  { additionalProperties: false },
);

export const UiPreferencesReply = Type.Object({
  density: Type.Union([Type.Union(DENSITIES.map((d) => Type.Literal(d))), Type.Null()], {
    description: 'null: the default (comfortable)',
  }),
  tables: Type.Record(Type.String(), TableColumnsBody, {
    description: 'per table id: the columns in the order chosen, and those hidden',
  }),
});
export type UiPreferences = Static<typeof UiPreferencesReply>;
