import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import type { AccountRefusal } from '../lib/account-refusal';
import { ApiError, api, csrfCookieName, readCookie, setUnauthorizedListener } from '../lib/api';

export type SessionState<U> =
  | { status: 'checking' }
  | { status: 'signed-out'; expired?: boolean; refusal?: AccountRefusal }
  | { status: 'signed-in'; user: U };

/**
 * Who is signed in, asked of `mePath` once; any 401 later (an expired session) signs out, and so
 * does a 403 (a bearer of the other role, or a suspended publisher). A suspended (rejected,
 * disabled) account is signed out at any request, keeping why for the login form to say.
 * Sign-out posts to `logoutPath`.
 */
export function useSession<U>(mePath: string, logoutPath: string) {
  const [state, setState] = useState<SessionState<U>>({ status: 'checking' });
  const queryClient = useQueryClient();
  // Whoever signs in next must not see the last person's cached answers.
  useEffect(() => {
    if (state.status === 'signed-out') queryClient.clear();
  }, [state.status, queryClient]);

  const refresh = useCallback(async () => {
    // A browser session always carries its readable CSRF cookie (set and cleared with the session
    // cookie): without it nobody is signed in, and asking would only log a 401 in the console.
    if (!readCookie(document.cookie, csrfCookieName(window.location.pathname))) {
      setState({ status: 'signed-out' });
      return;
    }
    try {
      const user = await api.get<U>(mePath);
      setState({ status: 'signed-in', user });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        setState({ status: 'signed-out', refusal: error.refusal });
      } else {
        throw error;
      }
    }
  }, [mePath]);

  useEffect(() => {
    refresh().catch(() => setState({ status: 'signed-out' }));
  }, [refresh]);

  useEffect(() => {
    setUnauthorizedListener((refusal) =>
      setState(refusal ? { status: 'signed-out', refusal } : { status: 'signed-out', expired: true }),
    );
    return () => setUnauthorizedListener(undefined);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.post(logoutPath);
    } finally {
      setState({ status: 'signed-out' });
    }
  }, [logoutPath]);

  return { state, refresh, signOut };
}
