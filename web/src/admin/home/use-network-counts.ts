import { useResource } from '../../hooks/use-resource';
import { api, type Page } from '../../lib/api';
import { type Filters, toQueryString } from '../../lib/query-string';

/** How many rows a list would have: the `total` of a one-row page. */
export async function countOf(path: string, filters: Filters = {}): Promise<number> {
  const page = await api.get<Page<unknown>>(path, { ...filters, per_page: 1 });
  return page.total;
}

export interface NetworkCounts {
  advertisers: number;
  offers: number;
  activeOffers: number;
  pendingPublishers: number;
  approvedPublishers: number;
  activeFlows: number;
  clicks: number;
}

/** The network's set-up at a glance, from the list endpoints that exist today. */
export function useNetworkCounts(clicksSince?: string) {
  const clickFilters = { from: clicksSince };
  return useResource<NetworkCounts>(`counts${toQueryString(clickFilters)}`, async () => {
    const [advertisers, offers, activeOffers, pendingPublishers, approvedPublishers, activeFlows, clicks] =
      await Promise.all([
        countOf('/api/admin/advertisers'),
        countOf('/api/admin/offers'),
        countOf('/api/admin/offers', { status: 'active' }),
        countOf('/api/admin/publishers', { status: 'pending' }),
        countOf('/api/admin/publishers', { status: 'approved' }),
        countOf('/api/admin/flows', { status: 'active' }),
        countOf('/api/admin/clicks', clickFilters),
      ]);
    return { advertisers, offers, activeOffers, pendingPublishers, approvedPublishers, activeFlows, clicks };
  });
}
