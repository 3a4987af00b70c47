import { QueryClient } from '@tanstack/react-query';
import { setMutationListener } from './api';

/**
 * The web app's one cache of server state (TanStack Query): a request asked for by several
 * components at once is sent once, a screen opened again shows what it showed before while it asks
 * again, and any change the app sends (POST, PATCH, PUT, DELETE through lib/api.ts) marks the
 * cached answers out of date, so the lists on screen ask again without a reload.
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

/**
 * The query keys a change to `path` makes out of date. A change rarely stays inside its own list
 * (approving a lead moves conversions, the ledger, the dashboard, the caps), so every answer is
 * marked stale: the ones on screen are asked again at once, the others when next shown. The
 * mutated path is kept for a narrower rule later (@TODO if the refetch load ever matters).
 */
export function invalidateAfterChange(client: QueryClient, path: string): void {
  // Signing out changes nothing to show: asking again would only meet 401s, and the first 401
  // would turn a deliberate sign-out into "your session expired". The cache is emptied instead.
  if (/\/logout$/.test(path)) return;
  void client.invalidateQueries({ queryKey: [RESOURCE], refetchType: 'active' });
}

/** The first element of every key useResource caches under. */
export const RESOURCE = 'resource';

/** Connects lib/api.ts's successful changes to `client`; returns the disconnect. */
export function invalidateOnChanges(client: QueryClient): () => void {
  setMutationListener((path) => invalidateAfterChange(client, path));
  return () => setMutationListener(undefined);
}
