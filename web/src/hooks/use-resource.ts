import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { loadAndRecordReads, RESOURCE } from '../lib/query-client';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data for a key (usually the request URL) through the app's query cache (TanStack Query,
 * lib/query-client.ts): components asking for the same key at once share one request, an answer
 * that arrives after the key changed is dropped, and a change sent through lib/api.ts to a resource
 * it read asks again (lib/invalidation.ts).
 * Old data stays on screen while the next page loads, so tables do not jump. A null key loads
 * nothing.
 *
 * The key is global now: two components using one key must load the same thing (name keys by
 * their request, as the screens do).
 */
export function useResource<T>(key: string | null, load: () => Promise<T>): Resource<T> {
  const client = useQueryClient();
  const queryKey = [RESOURCE, key ?? ''];
  const query = useQuery({
    queryKey,
    queryFn: () => loadAndRecordReads(client, queryKey, load),
    enabled: key !== null,
    placeholderData: keepPreviousData,
  });
  const keyText = key ?? '';
  // A reload while the same request is already on its way (a change just invalidated it) joins it.
  const reload = useCallback(() => {
    void client.refetchQueries({ queryKey: [RESOURCE, keyText], exact: true }, { cancelRefetch: false });
  }, [client, keyText]);
  return {
    // A failed reload keeps the last answer on screen (TanStack keeps `data` on a refetch error).
    data: query.data,
    error: query.error ?? undefined,
    loading: query.isFetching,
    reload,
  };
}
