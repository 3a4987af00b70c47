import { isIP } from 'node:net';
import type { AppContext } from '../../context.js';
import type { Row } from '../../db/schema.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { type CleanedUrl, pastedHttpUrl } from '../../lib/paste-hygiene.js';
import { DAY_MS } from '../../lib/time.js';
import { findFlow } from '../flows/queries.js';
import { findOffer } from '../offers/queries.js';
import { isPublicAddress } from '../outbound/target-guard.js';
import { eventsRefused, withTrackerKey } from './event-words.js';
import { assertKnownMacros, POSTBACK_MACROS } from './macros.js';
import { KEY_SLOT, POSTBACK_EVENTS, POSTBACK_PRESETS } from './presets.js';
import type { Postback, PostbackCreate, PostbackUpdate } from './schemas.js';
import { presetUrl } from './tracker-address.js';

type PostbackRow = Row<'publisher_postbacks'>;

/** A changed URL fires only for events from this long after the change (seed 004). */
export const URL_CHANGE_DELAY_MS = DAY_MS;

/** Literal private addresses are refused when saved; names are checked when the postback is sent. */
export function assertTarget(ctx: AppContext, url: string, field = 'url'): string {
  return checkTarget(ctx, url, field).url;
}

/** The same, telling what paste hygiene repaired (lib/paste-hygiene.ts). */
export function checkTarget(ctx: AppContext, url: string, field = 'url'): CleanedUrl {
  const notices: string[] = [];
  const checked = pastedHttpUrl(url, field, POSTBACK_MACROS, notices);
  assertKnownMacros(checked, field);
  assertNotPrivateLiteral(ctx, checked, field);
  return { url: checked, notices };
}

/** A save answer carries `notices` only when something was repaired. */
function withNotices(postback: Postback, notices: string[]): Postback {
  return notices.length > 0 ? { ...postback, notices } : postback;
}

/** An http(s) URL template whose host is not a literal private address (names are checked when sent). */
export function assertNotPrivateLiteral(ctx: Pick<AppContext, 'config'>, url: string, field = 'url'): void {
  if (ctx.config.allowPrivateTargets) return;
  const host = new URL(url.replace(/\{[a-z0-9_]+\}/g, 'x')).hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && !isPublicAddress(host))) {
    throw new ValidationError(
      `${field} points at a private address; set ALLOW_PRIVATE_TARGETS=1 to allow it`,
      field,
      'private_address',
    );
  }
}

/** A preset's URL on the publisher's tracker address (its path and, where it takes one, its token). */
function resolveUrl(input: PostbackCreate | PostbackUpdate, preset: string): string | undefined {
  if (input.url) return input.url;
  const known = POSTBACK_PRESETS[preset];
  if (!known || !input.domain) return undefined;
  const filled = presetUrl(known.url, input.domain);
  if (!filled.ok) throw new ValidationError(`domain: ${filled.problem}`, 'domain', 'domain_invalid');
  if (known.pathRequired && new URL(filled.url.split('?')[0] ?? '').pathname === '/') {
    throw new ValidationError(
      `domain: ${known.name} needs its postback path too, e.g. tracker.example.com/click`,
      'domain',
      'tracker_path_required',
    );
  }
  if (!known.url.includes(KEY_SLOT)) return filled.url;
  if (!input.tracker_key) {
    throw new ValidationError(
      `tracker_key: ${known.trackerKey?.label ?? 'the tracker token'} is required`,
      'tracker_key',
      'tracker_key_required',
    );
  }
  return withTrackerKey(filled.url, input.tracker_key);
}

function assertEventsFit(preset: string, events: readonly string[]): void {
  const refused = eventsRefused(preset, events);
  if (refused) throw new ValidationError(`events: ${refused}`, 'events', 'events_invalid');
}

async function assertScope(ctx: AppContext, publisherId: number, input: PostbackCreate | PostbackUpdate) {
  if (input.offer_id) {
    if (!(await findOffer(ctx.db, Number(input.offer_id)))) {
      throw new ValidationError(
        `offer_id: offer ${input.offer_id} does not exist`,
        'offer_id',
        'offer_missing',
      );
    }
  }
  if (input.flow_id) {
    const flow = await findFlow(ctx.db, Number(input.flow_id));
    if (!flow || flow.publisher_id !== publisherId) {
      throw new ValidationError(
        `flow_id: flow ${input.flow_id} is not this publisher's`,
        'flow_id',
        'flow_not_yours',
      );
    }
  }
}

export async function createPostback(
  ctx: AppContext,
  publisherId: number,
  input: PostbackCreate,
): Promise<Postback> {
  const preset = input.preset ?? 'custom';
  const url = resolveUrl(input, preset);
  if (!url) throw new ValidationError('url is required (or a preset with a domain)', 'url', 'url_required');
  const events = input.events ?? POSTBACK_PRESETS[preset]?.defaultEvents ?? POSTBACK_EVENTS;
  assertEventsFit(preset, events);
  await assertScope(ctx, publisherId, input);
  const target = checkTarget(ctx, url);
  const now = ctx.clock.now().toISOString();
  const row = await ctx.db
    .insertInto('publisher_postbacks')
    .values({
      publisher_id: publisherId,
      offer_id: input.offer_id ? Number(input.offer_id) : null,
      flow_id: input.flow_id ? Number(input.flow_id) : null,
      preset,
      method: input.method ?? POSTBACK_PRESETS[preset]?.method ?? 'GET',
      url: target.url,
      previous_url: null,
      // A new postback has no earlier URL to protect: it fires from now on.
      url_effective_at: now,
      events: JSON.stringify(events),
      status_words: JSON.stringify(input.status_words ?? {}),
      status: input.status ?? 'active',
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return withNotices(presentPostback(row), target.notices);
}

export async function updatePostback(
  ctx: AppContext,
  publisherId: number,
  id: number,
  input: PostbackUpdate,
): Promise<Postback> {
  const existing = await findOwnPostback(ctx, publisherId, id);
  const preset = input.preset ?? existing.preset;
  const pasted = resolveUrl(input, preset);
  if (input.events || input.preset) assertEventsFit(preset, input.events ?? JSON.parse(existing.events));
  await assertScope(ctx, publisherId, input);
  const target = pasted === undefined ? undefined : checkTarget(ctx, pasted);
  const url = target?.url;
  const now = ctx.clock.now();
  let urlChange = {};
  if (url !== undefined && url !== existing.url) {
    // The URL in force right now keeps firing for 24 hours.
    const inForce =
      now.toISOString() >= existing.url_effective_at ? existing.url : (existing.previous_url ?? existing.url);
    urlChange = {
      url,
      previous_url: inForce,
      url_effective_at: new Date(now.getTime() + URL_CHANGE_DELAY_MS).toISOString(),
    };
  }
  const row = await ctx.db
    .updateTable('publisher_postbacks')
    .set({
      ...urlChange,
      preset,
      offer_id: input.offer_id === undefined ? undefined : input.offer_id ? Number(input.offer_id) : null,
      flow_id: input.flow_id === undefined ? undefined : input.flow_id ? Number(input.flow_id) : null,
      method: input.method,
      events: input.events ? JSON.stringify(input.events) : undefined,
      status_words: input.status_words ? JSON.stringify(input.status_words) : undefined,
      status: input.status,
      updated_at: now.toISOString(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return withNotices(presentPostback(row), target?.notices ?? []);
}

export async function deletePostback(ctx: AppContext, publisherId: number, id: number): Promise<void> {
  await findOwnPostback(ctx, publisherId, id);
  await ctx.db.deleteFrom('publisher_postbacks').where('id', '=', id).execute();
}

export async function listPostbacks(ctx: AppContext, publisherId: number): Promise<Postback[]> {
  const rows = await ctx.db
    .selectFrom('publisher_postbacks')
    .selectAll()
    .where('publisher_id', '=', publisherId)
    .orderBy('id')
    .execute();
  return rows.map(presentPostback);
}

/** Another publisher's postback is "not found", never "forbidden". */
export async function findOwnPostback(
  ctx: AppContext,
  publisherId: number,
  id: number,
): Promise<PostbackRow> {
  const row = await ctx.db
    .selectFrom('publisher_postbacks')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || row.publisher_id !== publisherId) throw new NotFoundError('postback');
  return row;
}

export function presentPostback(row: PostbackRow): Postback {
  return {
    id: String(row.id),
    publisher_id: String(row.publisher_id),
    offer_id: row.offer_id === null ? null : String(row.offer_id),
    flow_id: row.flow_id === null ? null : String(row.flow_id),
    preset: row.preset,
    method: row.method,
    url: row.url,
    previous_url: row.previous_url,
    url_effective_at: row.url_effective_at,
    events: JSON.parse(row.events),
    status_words: JSON.parse(row.status_words),
    status: row.status,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/**
 * Seed 000 gives a publisher one "postback URL". It is kept as the publisher's default global
 * postback (all events, our own status words), so it follows the same 24-hour change rule.
 */
export async function syncDefaultPostback(
  ctx: AppContext,
  publisherId: number,
  url: string | null,
): Promise<void> {
  const existing = await ctx.db
    .selectFrom('publisher_postbacks')
    .select(['id', 'url'])
    .where('publisher_id', '=', publisherId)
    .where('is_default', '=', 1)
    .executeTakeFirst();
  if (url === null) {
    if (existing) await ctx.db.deleteFrom('publisher_postbacks').where('id', '=', existing.id).execute();
    return;
  }
  if (!existing) {
    const created = await createPostback(ctx, publisherId, { url });
    await ctx.db
      .updateTable('publisher_postbacks')
      .set({ is_default: 1 })
      .where('id', '=', Number(created.id))
      .execute();
    return;
  }
  if (existing.url !== url) await updatePostback(ctx, publisherId, existing.id, { url });
}
