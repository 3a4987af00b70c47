import { QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { createQueryClient, invalidateOnChanges } from '../lib/query-client';

/**
 * One query cache per app (the admin panel, the publisher portal), so the two never share an
 * answer; changes sent through lib/api.ts invalidate it.
 */
export function QueryRoot({ children }: { children: ReactNode }) {
  const [client] = useState(createQueryClient);
  useEffect(() => invalidateOnChanges(client), [client]);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
