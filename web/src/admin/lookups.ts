import { useResource } from '../hooks/use-resource';
import { api, type Page } from '../lib/api';
import type { Advertiser, Flow, Offer, Publisher } from '../lib/types';

/**
 * Names for ids in tables and choices in filter selects. One page of 500 (the API's maximum) covers a
 * small network. @TODO a searchable picker once networks outgrow it.
 */
const ALL = { per_page: 500 };

export function useAllOffers() {
  return useResource('offers-all', () => api.get<Page<Offer>>('/api/admin/offers', ALL).then((r) => r.data));
}

export function useAllPublishers() {
  return useResource('publishers-all', () =>
    api.get<Page<Publisher>>('/api/admin/publishers', ALL).then((r) => r.data),
  );
}

export function useAllFlows() {
  return useResource('flows-all', () => api.get<Page<Flow>>('/api/admin/flows', ALL).then((r) => r.data));
}

export function useAllAdvertisers() {
  return useResource('advertisers-all', () =>
    api.get<Page<Advertiser>>('/api/admin/advertisers', ALL).then((r) => r.data),
  );
}

export function nameOf<T extends { id: string; name: string }>(
  list: T[] | undefined,
  id: string | null,
): string {
  if (id === null) return '—';
  return list?.find((item) => item.id === id)?.name ?? `#${id}`;
}
