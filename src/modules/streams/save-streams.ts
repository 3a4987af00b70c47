import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/database.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { pastedHttpUrl } from '../../lib/paste-hygiene.js';
import { assertMacroFreeHost } from '../../lib/urls.js';
import { LANDING_MACROS } from '../clicks/landing-url.js';
import { findFlow } from '../flows/queries.js';
import { findOffer } from '../offers/queries.js';
import { canRunOffer } from '../publishers/available-offers.js';
import { compileFilters } from './filters.js';
import { type ArmRow, activeSiteSlugs, listArmRows, listStreamRows, type StreamRow } from './queries.js';
import type { ArmInput, Stream, StreamInput, StreamList, StreamsBody } from './schemas.js';

/** The flow, or 404; a publisher reaches only their own flows (another's is 404, not 403). */
export async function flowFor(ctx: AppContext, flowId: number, publisherId?: number) {
  const flow = await findFlow(ctx.db, flowId);
  if (!flow || (publisherId !== undefined && flow.publisher_id !== publisherId))
    throw new NotFoundError('flow');
  return flow;
}

export function presentStreams(flowId: number, streams: StreamRow[], arms: ArmRow[]): StreamList {
  return {
    flow_id: String(flowId),
    streams: streams.map(
      (s): Stream => ({
        id: String(s.id),
        position: s.position,
        name: s.name,
        enabled: s.enabled === 1,
        filters: s.filters === null ? null : JSON.parse(s.filters),
        arms: arms
          .filter((a) => a.stream_id === s.id)
          .map((a) => ({
            id: String(a.id),
            type: a.type,
            offer_id: a.offer_id === null ? null : String(a.offer_id),
            site_id: a.site_id === null ? null : String(a.site_id),
            url: a.url,
            weight: a.weight,
          })),
        auto: {
          enabled: s.auto_enabled === 1,
          metric: s.auto_metric,
          min_share_pct: s.auto_min_share_pct,
          min_sample: s.auto_min_sample,
        },
      }),
    ),
  };
}

export async function getStreams(ctx: AppContext, flowId: number, publisherId?: number): Promise<StreamList> {
  await flowFor(ctx, flowId, publisherId);
  const streams = await listStreamRows(ctx.db, flowId);
  return presentStreams(
    flowId,
    streams,
    await listArmRows(
      ctx.db,
      streams.map((s) => s.id),
    ),
  );
}

export interface CheckedArm {
  id?: number;
  type: ArmInput['type'];
  offer_id: number | null;
  site_id: number | null;
  url: string | null;
  weight: number;
}

async function checkArm(
  ctx: AppContext,
  flow: { publisher_id: number; offer_id: number },
  arm: ArmInput,
  field: string,
  publisherId: number | undefined,
): Promise<CheckedArm> {
  const base = { id: arm.id ? Number(arm.id) : undefined, type: arm.type, weight: arm.weight ?? 1 };
  const only = (wanted: keyof ArmInput | null) => {
    for (const key of ['offer_id', 'site_id', 'url'] as const)
      if (key !== wanted && arm[key] !== undefined)
        throw new ValidationError(
          `${field}.${key}: not used by a ${arm.type} arm`,
          `${field}.${key}`,
          'arm_setting_unused',
        );
  };
  if (arm.type === 'offer') {
    only('offer_id');
    if (!arm.offer_id)
      throw new ValidationError(
        `${field}.offer_id: an offer arm needs an offer`,
        `${field}.offer_id`,
        'arm_offer_required',
      );
    const offerId = Number(arm.offer_id);
    if (!(await findOffer(ctx.db, offerId)) || !(await canRunOffer(ctx, flow.publisher_id, offerId)))
      throw new ValidationError(
        `${field}.offer_id: offer ${arm.offer_id} does not exist, is paused, or the flow's publisher may not run it`,
        `${field}.offer_id`,
        'arm_offer_unavailable',
      );
    return { ...base, offer_id: offerId, site_id: null, url: null };
  }
  if (arm.type === 'landing') {
    only('site_id');
    if (!arm.site_id)
      throw new ValidationError(
        `${field}.site_id: a landing arm needs a hosted site`,
        `${field}.site_id`,
        'arm_site_required',
      );
    const site = (await activeSiteSlugs(ctx.db, [Number(arm.site_id)])).get(Number(arm.site_id));
    if (!site || site.offerId !== flow.offer_id)
      throw new ValidationError(
        `${field}.site_id: site ${arm.site_id} is not an active hosted site of the flow's offer`,
        `${field}.site_id`,
        'arm_site_unavailable',
      );
    return { ...base, offer_id: null, site_id: Number(arm.site_id), url: null };
  }
  if (arm.type === 'url') {
    // Our tracking domain must not become a publisher's open redirect to any address.
    if (publisherId !== undefined)
      throw new ValidationError(
        `${field}.type: publishers route to offers, landings or trafficback, not URLs`,
        `${field}.type`,
        'arm_url_not_allowed',
      );
    only('url');
    if (!arm.url)
      throw new ValidationError(`${field}.url: a URL arm needs a url`, `${field}.url`, 'arm_url_required');
    // The same rules as an offer's landing URL: absolute http(s), known macros, none in the host.
    const url = assertMacroFreeHost(
      pastedHttpUrl(arm.url, `${field}.url`, LANDING_MACROS, []),
      `${field}.url`,
    );
    return { ...base, offer_id: null, site_id: null, url };
  }
  only(null);
  return { ...base, offer_id: null, site_id: null, url: null };
}

export async function checkStream(
  ctx: AppContext,
  flow: { publisher_id: number; offer_id: number },
  stream: StreamInput,
  i: number,
  publisherId: number | undefined,
) {
  const field = `streams[${i}]`;
  compileFilters((stream.filters ?? null) as never, `${field}.filters`);
  const arms: CheckedArm[] = [];
  for (const [j, arm] of stream.arms.entries())
    arms.push(await checkArm(ctx, flow, arm, `${field}.arms[${j}]`, publisherId));
  if (arms.every((a) => a.weight === 0))
    throw new ValidationError(
      `${field}.arms: at least one arm needs a weight above 0`,
      `${field}.arms`,
      'no_weighted_arm',
    );
  return { stream, arms };
}

function assertOwnIds(given: (number | undefined)[], known: Set<number>, field: string) {
  const seen = new Set<number>();
  for (const id of given) {
    if (id === undefined) continue;
    if (!known.has(id) || seen.has(id))
      throw new ValidationError(
        `${field}: id ${id} is not one of this flow's, or is given twice`,
        field,
        'stream_id_unknown',
      );
    seen.add(id);
  }
}

/**
 * Replace a flow's whole ordered stream list. Streams and arms that keep their id are updated in
 * place (their clicks and split-test history stay theirs); the rest are removed or added.
 */
export async function saveStreams(
  ctx: AppContext,
  flowId: number,
  body: StreamsBody,
  publisherId?: number,
): Promise<StreamList> {
  const flow = await flowFor(ctx, flowId, publisherId);
  const checked: { stream: StreamInput; arms: CheckedArm[] }[] = [];
  for (const [i, stream] of body.streams.entries())
    checked.push(await checkStream(ctx, flow, stream, i, publisherId));
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    const existing = await listStreamRows(tx, flowId);
    const existingArms = await listArmRows(
      tx,
      existing.map((s) => s.id),
    );
    assertOwnIds(
      checked.map((c) => (c.stream.id ? Number(c.stream.id) : undefined)),
      new Set(existing.map((s) => s.id)),
      'streams.id',
    );
    assertOwnIds(
      checked.flatMap((c) => c.arms.map((a) => a.id)),
      new Set(existingArms.map((a) => a.id)),
      'streams.arms.id',
    );
    const keptArms = new Set(checked.flatMap((c) => c.arms.map((a) => a.id ?? -1)));
    const goneArms = existingArms.filter((a) => !keptArms.has(a.id)).map((a) => a.id);
    if (goneArms.length > 0) await tx.deleteFrom('stream_arms').where('id', 'in', goneArms).execute();
    for (const [position, { stream, arms }] of checked.entries()) {
      const values = {
        position,
        name: stream.name.trim(),
        enabled: stream.enabled === false ? 0 : 1,
        filters: stream.filters ? JSON.stringify(stream.filters) : null,
        auto_enabled: stream.auto?.enabled ? 1 : 0,
        auto_metric: stream.auto?.metric ?? 'cr',
        auto_min_share_pct: stream.auto?.min_share_pct ?? 10,
        auto_min_sample: stream.auto?.min_sample ?? 100,
        updated_at: now,
      };
      let streamId: number;
      if (stream.id) {
        streamId = Number(stream.id);
        await tx.updateTable('flow_streams').set(values).where('id', '=', streamId).execute();
      } else {
        const row = await tx
          .insertInto('flow_streams')
          .values({ ...values, flow_id: flowId, created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        streamId = row.id;
      }
      await saveArms(tx, streamId, arms, now);
    }
    // Last, so an arm moved from a removed stream to a kept one is not lost with it.
    const kept = new Set(checked.map((c) => Number(c.stream.id ?? -1)));
    const gone = existing.filter((s) => !kept.has(s.id)).map((s) => s.id);
    if (gone.length > 0) await tx.deleteFrom('flow_streams').where('id', 'in', gone).execute();
  });
  return getStreams(ctx, flowId);
}

async function saveArms(tx: DbOrTx, streamId: number, arms: CheckedArm[], now: string) {
  for (const [position, arm] of arms.entries()) {
    const values = {
      stream_id: streamId,
      position,
      type: arm.type,
      offer_id: arm.offer_id,
      site_id: arm.site_id,
      url: arm.url,
      weight: arm.weight,
      updated_at: now,
    };
    if (arm.id !== undefined)
      await tx.updateTable('stream_arms').set(values).where('id', '=', arm.id).execute();
    else
      await tx
        .insertInto('stream_arms')
        .values({ ...values, created_at: now })
        .execute();
  }
}
