import type { TObject } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { AppContext } from '../../context.js';
import { isUniqueViolation } from '../../db/dialect.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import type { SubjectType } from '../auth/sessions.js';
import { CustomReportQuery } from './custom-report-routes.js';
import { GroupedQuery, PORTAL_DIMENSIONS } from './grouped-report-routes.js';
import { DIMENSIONS } from './report-dimensions.js';

/**
 * Saved reports (issue 21 item 4): an admin user's or a publisher's named settings of the grouped or
 * the custom report. The settings are the report's own query string, checked against the report's
 * query schema when saved (so a saved report always opens); with a relative range the dates are not
 * kept, only how many days and how far before today the range ends, so "last 7 days" stays the last
 * 7 days. Private to the owner: every read and delete is narrowed to them.
 */
export const SAVED_REPORT_KINDS = ['grouped', 'custom'] as const;
export type SavedReportKind = (typeof SAVED_REPORT_KINDS)[number];
/** Saved reports one owner may keep per report. */
export const MAX_SAVED_REPORTS = 50;

export interface Owner {
  type: SubjectType;
  id: number;
}

export interface SaveReportInput {
  report: SavedReportKind;
  name: string;
  params: string;
  relative?: { days: number; end_offset: number };
}

const schemas = {
  admin: { grouped: GroupedQuery(DIMENSIONS), custom: CustomReportQuery },
  publisher: { grouped: GroupedQuery(PORTAL_DIMENSIONS), custom: undefined },
} satisfies Record<SubjectType, Record<SavedReportKind, TObject | undefined>>;

/** The query as the report route will take it: known keys only, each once, no format. */
function checkedParams(owner: Owner, input: SaveReportInput): string {
  const schema = schemas[owner.type][input.report];
  if (!schema)
    throw new ValidationError(
      `the ${input.report} report is not open to publishers`,
      'report',
      'report_not_for_publishers',
    );
  const search = new URLSearchParams(input.params.replace(/^\?/, ''));
  const query: Record<string, string> = {};
  for (const [key, value] of search) {
    if (key in query) throw new ValidationError(`"${key}" is given twice`, 'params', 'report_param_twice');
    if (key === 'format' || key === 'page' || key === 'per_page') continue;
    query[key] = value;
  }
  if (input.relative) {
    // The dates are worked out when the report is opened; any valid pair stands in for the check.
    delete query.from;
    delete query.to;
  }
  const probe = input.relative ? { ...query, from: '2026-01-01', to: '2026-01-07' } : query;
  const converted = Value.Convert(schema, probe);
  if (!Value.Check(schema, converted)) {
    const first = Value.Errors(schema, converted).First();
    const field = first?.path.replace(/^\//, '') || 'params';
    throw new ValidationError(
      `params.${field}: ${first?.message ?? 'not a valid report query'}`,
      'params',
      'report_params_invalid',
    );
  }
  return new URLSearchParams(query).toString();
}

export function presentSavedReport(row: {
  id: number;
  report: string;
  name: string;
  params: string;
  relative_days: number | null;
  relative_end_offset: number | null;
  created_at: string;
  updated_at: string;
}) {
  return {
    id: row.id,
    report: row.report as SavedReportKind,
    name: row.name,
    params: row.params,
    relative:
      row.relative_days === null
        ? null
        : { days: row.relative_days, end_offset: row.relative_end_offset ?? 0 },
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export async function listSavedReports(ctx: AppContext, owner: Owner, report?: SavedReportKind) {
  let query = ctx.db
    .selectFrom('saved_reports')
    .selectAll()
    .where('owner_type', '=', owner.type)
    .where('owner_id', '=', owner.id);
  if (report) query = query.where('report', '=', report);
  const rows = await query.orderBy('name').orderBy('id').execute();
  return rows.map(presentSavedReport);
}

/** Saves the settings under the name; the same name again replaces them (200), a new one is 201. */
export async function saveReport(ctx: AppContext, owner: Owner, input: SaveReportInput) {
  const name = input.name.trim();
  if (name === '') throw new ValidationError('a saved report needs a name', 'name', 'report_name_required');
  const params = checkedParams(owner, input);
  const now = ctx.clock.now().toISOString();
  const values = {
    params,
    relative_days: input.relative?.days ?? null,
    relative_end_offset: input.relative ? input.relative.end_offset : null,
    updated_at: now,
  };
  return ctx.db.transaction().execute(async (tx) => {
    const mine = tx
      .selectFrom('saved_reports')
      .where('owner_type', '=', owner.type)
      .where('owner_id', '=', owner.id)
      .where('report', '=', input.report);
    const existing = await mine.select('id').where('name', '=', name).executeTakeFirst();
    if (existing) {
      await tx.updateTable('saved_reports').set(values).where('id', '=', existing.id).execute();
      const row = await tx
        .selectFrom('saved_reports')
        .selectAll()
        .where('id', '=', existing.id)
        .executeTakeFirstOrThrow();
      return { created: false, saved: presentSavedReport(row) };
    }
    const { count } = await mine
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    if (Number(count) >= MAX_SAVED_REPORTS)
      throw new ValidationError(
        `at most ${MAX_SAVED_REPORTS} saved ${input.report} reports; delete one first`,
        'name',
        'too_many_saved_reports',
      );
    try {
      const row = await tx
        .insertInto('saved_reports')
        .values({
          owner_type: owner.type,
          owner_id: owner.id,
          report: input.report,
          name,
          ...values,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { created: true, saved: presentSavedReport(row) };
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ValidationError('a saved report of that name was just made', 'name', 'report_name_taken');
      throw error;
    }
  });
}

/** Deletes one of the owner's saved reports; another owner's is "not found", as if it did not exist. */
export async function deleteSavedReport(ctx: AppContext, owner: Owner, id: number) {
  const result = await ctx.db
    .deleteFrom('saved_reports')
    .where('id', '=', id)
    .where('owner_type', '=', owner.type)
    .where('owner_id', '=', owner.id)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new NotFoundError('saved report');
}
