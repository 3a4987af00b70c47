import type { AppContext } from '../../context.js';
import { ConflictError } from '../../lib/errors.js';
import type { SubjectType } from '../auth/sessions.js';
import { DENSITIES, type Density, type TableColumns, type UiPreferences } from './schemas.js';

/** A person keeps at most this many settings: enough for every table twice over, not a storage service. */
export const MAX_PREFERENCES = 100;

const TABLE_PREFIX = 'table:';

export interface Owner {
  type: SubjectType;
  id: number;
}

function isDensity(value: unknown): value is Density {
  return typeof value === 'string' && (DENSITIES as readonly string[]).includes(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Parses stored JSON defensively: a value written by an older app version is skipped, not a 500. */
function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Every setting of one person (the caller: there is no way to name another). */
export async function readPreferences(ctx: AppContext, owner: Owner): Promise<UiPreferences> {
  const rows = await ctx.db
    .selectFrom('ui_preferences')
    .select(['pref_key', 'value'])
    .where('subject_type', '=', owner.type)
    .where('subject_id', '=', owner.id)
    .execute();
  const result: UiPreferences = { density: null, tables: {} };
  for (const row of rows) {
    const value = parse(row.value);
    if (row.pref_key === 'density' && isDensity(value)) result.density = value;
    else if (row.pref_key.startsWith(TABLE_PREFIX) && typeof value === 'object' && value !== null) {
      const { order, hidden } = value as Record<string, unknown>;
      if (isStringList(order) && isStringList(hidden)) {
        result.tables[row.pref_key.slice(TABLE_PREFIX.length)] = { order, hidden };
      }
    }
  }
  return result;
}

async function writePreference(ctx: AppContext, owner: Owner, key: string, value: unknown) {
  const text = JSON.stringify(value);
  const updated_at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    const existing = await tx
      .selectFrom('ui_preferences')
      .select('pref_key')
      .where('subject_type', '=', owner.type)
      .where('subject_id', '=', owner.id)
      .where('pref_key', '=', key)
      .executeTakeFirst();
    if (!existing) {
      const count = await tx
        .selectFrom('ui_preferences')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('subject_type', '=', owner.type)
        .where('subject_id', '=', owner.id)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_PREFERENCES) {
        throw new ConflictError(
          `at most ${MAX_PREFERENCES} table settings are kept; reset one first`,
          undefined,
          'too_many_table_settings',
        );
      }
    }
    await tx
      .insertInto('ui_preferences')
      .values({ subject_type: owner.type, subject_id: owner.id, pref_key: key, value: text, updated_at })
      .onConflict((oc) =>
        oc.columns(['subject_type', 'subject_id', 'pref_key']).doUpdateSet({ value: text, updated_at }),
      )
      .execute();
  });
}

export function saveDensity(ctx: AppContext, owner: Owner, density: Density) {
  return writePreference(ctx, owner, 'density', density);
}

/** Column keys are kept once each, in the order given: a repeated key is dropped. */
export function saveTableColumns(ctx: AppContext, owner: Owner, table: string, columns: TableColumns) {
  const order = [...new Set(columns.order)];
  const hidden = [...new Set(columns.hidden)];
  return writePreference(ctx, owner, `${TABLE_PREFIX}${table}`, { order, hidden });
}

export async function resetTableColumns(ctx: AppContext, owner: Owner, table: string) {
  await ctx.db
    .deleteFrom('ui_preferences')
    .where('subject_type', '=', owner.type)
    .where('subject_id', '=', owner.id)
    .where('pref_key', '=', `${TABLE_PREFIX}${table}`)
    .execute();
}
