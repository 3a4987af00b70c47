import type { AppContext } from '../../context.js';
import { type ArmType, type CompiledStream, compileStreams, type StreamDefinition } from './compile.js';
import type { FilterNode } from './filter-schema.js';
import { activeSiteSlugs, listArmRows, listStreamRows } from './queries.js';

/**
 * A flow's streams, compiled once and cached per process (5 s, like the other click caches; every
 * admin or portal write clears the registry at once, so the editor's change is live on the next
 * click here and within 5 s on other processes). A flow without streams caches an empty list.
 */
const TTL_MS = 5_000;

export async function loadStreamDefinitions(ctx: AppContext, flowId: number): Promise<StreamDefinition[]> {
  const streams = await listStreamRows(ctx.db, flowId);
  if (streams.length === 0) return [];
  const arms = await listArmRows(
    ctx.db,
    streams.map((s) => s.id),
  );
  const sites = await activeSiteSlugs(
    ctx.db,
    arms.flatMap((a) => (a.site_id === null ? [] : [a.site_id])),
  );
  return streams.map((s) => ({
    id: s.id,
    name: s.name,
    enabled: s.enabled === 1,
    filters: s.filters === null ? null : (JSON.parse(s.filters) as FilterNode),
    arms: arms
      .filter((a) => a.stream_id === s.id)
      .map((a) => ({
        id: a.id,
        type: a.type as ArmType,
        offerId: a.offer_id,
        siteSlug: a.site_id === null ? null : (sites.get(a.site_id)?.slug ?? null),
        url: a.url,
        weight: a.weight,
      })),
  }));
}

/**
 * The last compiled streams per context and flow, with the definitions they came from: a reload
 * (every TTL_MS, or after any write clears the cache) that reads the same definitions reuses them.
 * Compiling 20 streams of every filter kind took 3–80 ms on the event loop, every 5 s per flow, which
 * showed in bench:streams' p99; now a flow is compiled once per change of its streams.
 */
const compiledByContext = new WeakMap<
  AppContext,
  Map<number, { source: string; compiled: CompiledStream[] }>
>();

function compileOnChange(ctx: AppContext, flowId: number, definitions: StreamDefinition[]): CompiledStream[] {
  let byFlow = compiledByContext.get(ctx);
  if (!byFlow) {
    byFlow = new Map();
    compiledByContext.set(ctx, byFlow);
  }
  const source = JSON.stringify(definitions);
  const last = byFlow.get(flowId);
  if (last?.source === source) return last.compiled;
  const compiled = compileStreams(definitions);
  if (definitions.length === 0) byFlow.delete(flowId);
  else byFlow.set(flowId, { source, compiled });
  return compiled;
}

const streamsCache = (ctx: AppContext) => ctx.caches.named<number, CompiledStream[]>('flow.streams', TTL_MS);

/**
 * A flow's compiled streams when cached, without a promise (undefined: loadCompiledStreams must
 * read them): a warm click of a flow without streams takes no promise to learn it has none.
 */
export function cachedCompiledStreams(ctx: AppContext, flowId: number): CompiledStream[] | undefined {
  return streamsCache(ctx).peek(flowId, () => readCompiledStreams(ctx, flowId));
}

export async function loadCompiledStreams(ctx: AppContext, flowId: number): Promise<CompiledStream[]> {
  return streamsCache(ctx).peekOrLoad(flowId, () => readCompiledStreams(ctx, flowId));
}

async function readCompiledStreams(ctx: AppContext, flowId: number): Promise<CompiledStream[]> {
  return compileOnChange(ctx, flowId, await loadStreamDefinitions(ctx, flowId));
}
