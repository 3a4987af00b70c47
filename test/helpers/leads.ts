import type { TestApp } from './test-app.js';

/** A visitor's browser; the request's own user agent is checked by the bot rule when no click is given. */
export const BROWSER =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
export const IN_IP = '49.36.0.10';

let ipCounter = 0;
/** A fresh Indian address per call, so per-address click checks (velocity) never interfere. */
export function indianIp(): string {
  ipCounter += 1;
  return `49.36.${Math.floor(ipCounter / 250) + 1}.${(ipCounter % 250) + 1}`;
}

let phoneCounter = 0;
/** A different valid Indian mobile number per call. */
export function nextPhone(): string {
  phoneCounter += 1;
  return `+9198${String(76_500_000 + phoneCounter).padStart(8, '0')}`;
}

export function submitLead(t: TestApp, body: unknown, headers: Record<string, string> = {}) {
  return t.call('POST', '/api/lead', { body, headers: { 'user-agent': BROWSER, ...headers } });
}

/** A real click through GET /click (the app needs TRUST_PROXY=1); returns its id, accepted or not. */
export async function makeClick(
  t: TestApp,
  offerId: string,
  publisherId: string,
  options: { ip?: string; query?: string } = {},
): Promise<string> {
  const response = await t.call(
    'GET',
    `/click?offer_id=${offerId}&pub_id=${publisherId}${options.query ?? ''}`,
    {
      headers: { 'x-forwarded-for': options.ip ?? indianIp(), 'user-agent': BROWSER },
    },
  );
  if (response.status === 302) {
    const id = new URL(String(response.headers.location)).searchParams.get('click_id');
    if (id) return id;
  }
  await t.ctx.clickWriter.flush();
  const last = await t.ctx.db
    .selectFrom('clicks')
    .select('id')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return last.id;
}

export const leadRow = (t: TestApp, id: string) =>
  t.ctx.db.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

export async function countRows(t: TestApp, table: 'leads' | 'jobs' | 'outbound_requests'): Promise<number> {
  const row = await t.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
