import type { AppContext } from '../../context.js';
import { type CompiledStream, compileStreams } from './compile.js';
import type { FilterNode } from './filter-schema.js';
import { activeSiteSlugs } from './queries.js';
import { checkStream } from './save-streams.js';
import type { StreamInput } from './schemas.js';

/**
 * An editor's unsaved stream list, checked by the very rules a save applies (checkStream: filter
 * tree, arm targets, the publisher's url ban) and compiled for one simulation; nothing is stored or
 * cached. A stream or arm without an id gets a negative one, so it cannot be mistaken for a saved row.
 */
export async function compileDraftStreams(
  ctx: AppContext,
  flow: { publisher_id: number; offer_id: number },
  streams: readonly StreamInput[],
  publisherId: number | undefined,
): Promise<CompiledStream[]> {
  const checked = [];
  for (const [i, stream] of streams.entries())
    checked.push(await checkStream(ctx, flow, stream, i, publisherId));
  const sites = await activeSiteSlugs(
    ctx.db,
    checked.flatMap((c) => c.arms.flatMap((a) => (a.site_id === null ? [] : [a.site_id]))),
  );
  let unsaved = 0;
  const nextId = () => {
    unsaved -= 1;
    return unsaved;
  };
  return compileStreams(
    checked.map(({ stream, arms }) => ({
      id: stream.id ? Number(stream.id) : nextId(),
      name: stream.name.trim(),
      enabled: stream.enabled !== false,
      filters: (stream.filters ?? null) as FilterNode | null,
      arms: arms.map((a) => ({
        id: a.id ?? nextId(),
        type: a.type,
        offerId: a.offer_id,
        siteSlug: a.site_id === null ? null : (sites.get(a.site_id)?.slug ?? null),
        url: a.url,
        weight: a.weight,
      })),
    })),
  );
}
