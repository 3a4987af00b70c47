/**
 * Another build's own modules, loaded from its `dist/src` (or this checkout's `src` through tsx), for
 * the benches that measure an old build against a new one in one run: each build's database must be
 * migrated and seeded by that build's code (an older build's migrator refuses a database a newer one
 * migrated, and the newer schema's triggers would run under the old code).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { loadConfig } from '../src/config.js';
import type { AppContext, createContext, createLogger } from '../src/context.js';
import type { FlowServices } from './stream-flows.js';

export interface BuildModules {
  /** A context of the build on the database of `env` (the build's migrations run). */
  context(env: Record<string, string>): Promise<AppContext>;
  /** The build's services the seeders call (seedBenchNetwork, seedFlows). */
  services: FlowServices;
  /** Any other module of the build, by its path under src/ ('modules/…/x.js'). */
  load<T>(path: string): Promise<T>;
}

/** `root`: a build's `dist/src` directory, or this checkout's `src/`. */
export async function loadBuild(root: string): Promise<BuildModules> {
  const load = async <T>(path: string) => (await import(pathToFileURL(join(root, path)).href)) as T;
  const { loadConfig: config } = await load<{ loadConfig: typeof loadConfig }>('config.js');
  const built = await load<{ createContext: typeof createContext; createLogger: typeof createLogger }>(
    'context.js',
  );
  const services: FlowServices = {
    ...(await load<Pick<FlowServices, 'createAdvertiser'>>('modules/advertisers/save-advertiser.js')),
    ...(await load<Pick<FlowServices, 'createOffer'>>('modules/offers/save-offer.js')),
    ...(await load<Pick<FlowServices, 'createPublisher'>>('modules/publishers/save-publisher.js')),
    ...(await load<Pick<FlowServices, 'createFlow'>>('modules/flows/save-flow.js')),
    ...(await load<Pick<FlowServices, 'saveStreams'>>('modules/streams/save-streams.js')),
  };
  return {
    context: (env) =>
      built.createContext(config({ ...env, LOG_LEVEL: 'silent' }), {
        logger: built.createLogger({ logLevel: 'silent' }),
      }),
    services,
    load,
  };
}
