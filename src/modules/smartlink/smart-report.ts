import type { AppContext } from '../../context.js';
import { DAY_MS, rangeEnd, rangeStart } from '../../lib/time.js';
import { smartClickCounts } from './queries.js';
import type { SmartReport, SmartReportQuery, SmartReportRow } from './schemas.js';

/** Which offers smart links chose: clicks per publisher and offer in the range (default: the last 7 UTC days, today included). */
export async function smartLinkReport(ctx: AppContext, q: SmartReportQuery): Promise<SmartReport> {
  const now = ctx.clock.now();
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const from = rangeStart(q.from ?? day(now.getTime() - 6 * DAY_MS));
  const to = rangeEnd(q.to ?? day(now.getTime()));
  const counts = await smartClickCounts(ctx.db, {
    from,
    to,
    publisherId: q.publisher_id ? Number(q.publisher_id) : undefined,
  });
  const rows = new Map<string, SmartReportRow>();
  for (const c of counts) {
    const offerId = c.offer_id === null ? null : String(c.offer_id);
    const key = `${c.publisher_id}:${offerId}`;
    const row = rows.get(key) ?? {
      publisher_id: String(c.publisher_id),
      offer_id: offerId,
      clicks: 0,
      accepted: 0,
      rejected: 0,
    };
    const n = Number(c.n);
    row.clicks += n;
    if (c.status === 'accepted') row.accepted += n;
    else row.rejected += n;
    rows.set(key, row);
  }
  return {
    from,
    to,
    rows: [...rows.values()].sort(
      (a, b) => b.clicks - a.clicks || Number(a.offer_id ?? 0) - Number(b.offer_id ?? 0),
    ),
  };
}
