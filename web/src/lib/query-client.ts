import { type Query, QueryClient, type QueryKey } from '@tanstack/react-query';
import { recordReads, setMutationListener } from './api';
import { isAffected, resourcesChangedBy } from './invalidation';

/**
 * The web app's one cache of server state (TanStack Query): a request asked for by several
 * components at once is sent once, a screen opened again shows what it showed before while it asks
 * again, and a change the app sends (POST, PATCH, PUT, DELETE through lib/api.ts) marks out of date
 * the cached answers that show what it changed (lib/invalidation.ts), so those lists on screen ask
 * again without a reload and the others stay as they are.
 *
 * Kept as before the cache: no retries (a refusal shows at once, with its Retry button), no refetch
 * on window focus (a table does not jump under the reader's eyes).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  });
}

/** The API paths each cached answer's last load asked for (kept with the query, gone with it). */
const readsOf = new WeakMap<Query, readonly string[]>();

/** Runs a query's loader and remembers which API paths it read, for invalidateAfterChange. */
export function loadAndRecordReads<T>(
  client: QueryClient,
  queryKey: QueryKey,
  load: () => Promise<T>,
): Promise<T> {
  const { result, reads } = recordReads(load);
  const query = client.getQueryCache().find({ queryKey, exact: true });
  if (query) readsOf.set(query, reads);
  return result;
}

/**
 * Marks out of date the answers that read a resource a change to `path` touched: its own
 * (`/api/admin/leads/7/status` → every answer read from `/api/admin/leads…`) and those declared as
 * depending on it (a lead's status → conversions, finance, the dashboard…). The ones on screen are
 * asked again at once, the others when next shown. An answer whose reads are unknown is always
 * marked, as before.
 */
export function invalidateAfterChange(client: QueryClient, path: string): void {
  // Signing out changes nothing to show: asking again would only meet 401s, and the first 401
  // would turn a deliberate sign-out into "your session expired". The cache is emptied instead.
  if (/\/logout$/.test(path)) return;
  const touched = resourcesChangedBy(path);
  if (touched.size === 0) return;
  void client.invalidateQueries({
    queryKey: [RESOURCE],
    refetchType: 'active',
    predicate: (query) => isAffected(readsOf.get(query), touched),
  });
}

/** The first element of every key useResource caches under. */
export const RESOURCE = 'resource';

/** Connects lib/api.ts's successful changes to `client`; returns the disconnect. */
export function invalidateOnChanges(client: QueryClient): () => void {
  setMutationListener((path) => invalidateAfterChange(client, path));
  return () => setMutationListener(undefined);
}
