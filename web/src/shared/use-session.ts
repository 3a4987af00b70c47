import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, setUnauthorizedListener } from '../lib/api';

export type SessionState<U> =
  | { status: 'checking' }
  | { status: 'signed-out'; expired?: boolean }
  | { status: 'signed-in'; user: U };

/**
 * Who is signed in, asked of `mePath` once; any 401 later (an expired session) signs out. Admin and
 * publisher share the session cookie, so a 403 from the other side's `me` also means signed out here.
 */
export function useSession<U>(mePath: string) {
  const [state, setState] = useState<SessionState<U>>({ status: 'checking' });

  const refresh = useCallback(async () => {
    try {
      const user = await api.get<U>(mePath);
      setState({ status: 'signed-in', user });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        setState({ status: 'signed-out' });
      } else {
        throw error;
      }
    }
  }, [mePath]);

  useEffect(() => {
    refresh().catch(() => setState({ status: 'signed-out' }));
  }, [refresh]);

  useEffect(() => {
    setUnauthorizedListener(() => setState({ status: 'signed-out', expired: true }));
    return () => setUnauthorizedListener(undefined);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      setState({ status: 'signed-out' });
    }
  }, []);

  return { state, refresh, signOut };
}
