import type { AppContext } from '../../context.js';
import { NotFoundError } from '../../lib/errors.js';
import type { FinalityScope } from './finality.js';

export function presentWindow(r: {
  scope: string;
  subject_id: number;
  days: number | null;
  when_paid: number;
  updated_at: string;
}) {
  return {
    scope: r.scope,
    subject_id: String(r.subject_id),
    days: r.days === null ? null : Number(r.days),
    when_paid: Number(r.when_paid) === 1,
    updated_at: r.updated_at,
  };
}

export async function listFinalityWindows(ctx: AppContext) {
  const rows = await ctx.db
    .selectFrom('finality_windows')
    .selectAll()
    .orderBy('scope')
    .orderBy('subject_id')
    .execute();
  return rows.map(presentWindow);
}

async function assertSubject(ctx: AppContext, scope: FinalityScope, id: number) {
  const table = scope === 'offer' ? 'offers' : 'advertisers';
  const found = await ctx.db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
  if (!found) throw new NotFoundError(scope);
}

/** Set an offer's or advertiser's finality window (an offer's wins over its advertiser's). */
export async function saveFinalityWindow(
  ctx: AppContext,
  scope: FinalityScope,
  id: number,
  input: { days: number | null; when_paid: boolean },
) {
  await assertSubject(ctx, scope, id);
  const row = {
    scope,
    subject_id: id,
    days: input.days,
    when_paid: input.when_paid ? 1 : 0,
    updated_at: ctx.clock.now().toISOString(),
  };
  await ctx.db
    .insertInto('finality_windows')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['scope', 'subject_id'])
        .doUpdateSet({ days: row.days, when_paid: row.when_paid, updated_at: row.updated_at }),
    )
    .execute();
  return presentWindow(row);
}

export async function deleteFinalityWindow(ctx: AppContext, scope: FinalityScope, id: number) {
  const result = await ctx.db
    .deleteFrom('finality_windows')
    .where('scope', '=', scope)
    .where('subject_id', '=', id)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new NotFoundError('finality window');
}
