import { useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data for a key (usually the request URL): a new key loads again, and an answer that
 * arrives after the key changed is dropped. Old data stays on screen while the next page loads,
 * so tables do not jump. A null key loads nothing.
 */
export function useResource<T>(key: string | null, load: () => Promise<T>): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({
    loading: key !== null,
  });
  const [version, setVersion] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (key === null) return;
    let live = true;
    setState((previous) => ({ data: previous.data, loading: true }));
    // `version` is read so that reload() runs this effect again for the same key.
    void version;
    loadRef.current().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState((previous) => ({ data: previous.data, error, loading: false })),
    );
    return () => {
      live = false;
    };
  }, [key, version]);

  const reload = useCallback(() => setVersion((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
