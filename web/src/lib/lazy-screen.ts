import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

/**
 * A screen loaded only when its route is first opened (React.lazy), from a module that exports it by
 * name: each screen becomes its own chunk, and the first load carries only the shell. The routes
 * render inside the app shell's Suspense (shared/app-shell.tsx), which shows "Loading" meanwhile.
 */
// biome-ignore lint/suspicious/noExplicitAny: React.lazy's own bound; each screen's props are checked where it is used
export function lazyScreen<K extends string, M extends Record<K, ComponentType<any>>>(
  load: () => Promise<M>,
  name: K,
): LazyExoticComponent<M[K]> {
  return lazy(async () => ({ default: (await load())[name] }));
}
