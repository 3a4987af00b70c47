import { tr } from './index';

/**
 * A record of names read in the current language each time one is shown (`labels.approved` is
 * tr of prefix.approved), for the lookup tables screens and lib code index by code.
 */
export function labelsOf<K extends string>(keys: readonly K[], prefix: string): Record<K, string> {
  return Object.defineProperties(
    {} as Record<K, string>,
    Object.fromEntries(keys.map((k) => [k, { enumerable: true, get: () => tr(`${prefix}.${k}`) }])),
  );
}
