import type { AppContext } from '../../context.js';
import { NotFoundError } from '../../lib/errors.js';

/** Admin notifications (automation alerts), newest first, with the unread count. */
export async function listNotifications(
  ctx: AppContext,
  unread: boolean | undefined,
  limit: number,
  offset: number,
) {
  let query = ctx.db.selectFrom('admin_notifications');
  if (unread === true) query = query.where('read_at', 'is', null);
  if (unread === false) query = query.where('read_at', 'is not', null);
  const [rows, count, unreadCount] = await Promise.all([
    query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('admin_notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      rule_id: r.rule_id === null ? null : String(r.rule_id),
      run_id: r.run_id,
      title: r.title,
      message: r.message,
      code: r.code,
      params: r.params === null ? null : (JSON.parse(r.params) as Record<string, string | number>),
      details: JSON.parse(r.details) as unknown,
      read_at: r.read_at,
      created_at: r.created_at,
    })),
    total: Number(count.n),
    unread: Number(unreadCount.n),
  };
}

/** Mark one notification read (`id`), or every unread one; answers how many changed. */
export async function markRead(ctx: AppContext, id?: string): Promise<number> {
  let query = ctx.db
    .updateTable('admin_notifications')
    .set({ read_at: ctx.clock.now().toISOString() })
    .where('read_at', 'is', null);
  if (id !== undefined) {
    const exists = await ctx.db
      .selectFrom('admin_notifications')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!exists) throw new NotFoundError('notification');
    query = query.where('id', '=', id);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
