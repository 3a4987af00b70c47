import { useEffect, useSyncExternalStore } from 'react';
import { api } from '../lib/api';
import { type Density, EMPTY_PREFERENCES, type TableColumns, type UiPreferences } from '../lib/table-prefs';

/**
 * One store of the signed-in person's table settings per app (admin panel, publisher portal). The
 * server keeps them on the account; this browser keeps a copy so a reload paints with them at once,
 * and the server's answer replaces it (another browser may have changed them).
 */
type Area = 'admin' | 'publisher';

const BASE: Record<Area, string> = {
  admin: '/api/auth/ui-preferences',
  publisher: '/api/publisher/ui-preferences',
};
const STORAGE = (area: Area) => `leadrail.ui-preferences.${area}`;

interface Store {
  prefs: UiPreferences;
  loaded: boolean;
  loading: boolean;
  listeners: Set<() => void>;
  /** Writes to the server go one after another, so the last choice is the one kept. */
  writes: Promise<unknown>;
}

const stores: Partial<Record<Area, Store>> = {};

function areaOf(pathname: string): Area {
  return pathname === '/webmaster' || pathname.startsWith('/webmaster/') ? 'publisher' : 'admin';
}

function readLocal(area: Area): UiPreferences {
  try {
    const text = localStorage.getItem(STORAGE(area));
    const parsed = text ? (JSON.parse(text) as Partial<UiPreferences>) : undefined;
    if (parsed && typeof parsed === 'object' && parsed.tables && typeof parsed.tables === 'object') {
      return { density: parsed.density ?? null, tables: parsed.tables };
    }
  } catch {
    // Private mode or a damaged copy: start from the defaults.
  }
  return EMPTY_PREFERENCES;
}

function storeOf(area: Area): Store {
  let store = stores[area];
  if (!store) {
    store = {
      prefs: readLocal(area),
      loaded: false,
      loading: false,
      listeners: new Set(),
      writes: Promise.resolve(),
    };
    stores[area] = store;
  }
  return store;
}

function publish(area: Area, prefs: UiPreferences) {
  const store = storeOf(area);
  store.prefs = prefs;
  try {
    localStorage.setItem(STORAGE(area), JSON.stringify(prefs));
  } catch {
    // The account still keeps them.
  }
  for (const listener of store.listeners) listener();
}

function load(area: Area) {
  const store = storeOf(area);
  if (store.loaded || store.loading) return;
  store.loading = true;
  api
    .get<UiPreferences>(BASE[area])
    .then((prefs) => {
      store.loaded = true;
      publish(area, prefs);
    })
    .catch(() => {
      // Not worth an error on every list: this browser's copy stays in use.
    })
    .finally(() => {
      store.loading = false;
    });
}

function save(area: Area, path: string, body: unknown | undefined) {
  const store = storeOf(area);
  store.writes = store.writes
    .catch(() => undefined)
    .then(() =>
      body === undefined ? api.delete(`${BASE[area]}${path}`) : api.put(`${BASE[area]}${path}`, body),
    )
    .catch(() => undefined);
}

/** Forgets the loaded settings (after signing out), so the next person's are read afresh. */
export function forgetTablePrefs() {
  for (const area of ['admin', 'publisher'] as const) {
    const store = stores[area];
    if (store) store.loaded = false;
  }
}

export interface TablePrefsApi {
  prefs: UiPreferences;
  setDensity: (density: Density) => void;
  setColumns: (tableId: string, columns: TableColumns) => void;
  resetColumns: (tableId: string) => void;
}

export function useTablePrefs(): TablePrefsApi {
  const area = areaOf(typeof window === 'undefined' ? '/admin' : window.location.pathname);
  const store = storeOf(area);
  const prefs = useSyncExternalStore(
    (listener) => {
      store.listeners.add(listener);
      return () => store.listeners.delete(listener);
    },
    () => store.prefs,
  );
  useEffect(() => load(area), [area]);
  return {
    prefs,
    setDensity: (density) => {
      publish(area, { ...store.prefs, density });
      save(area, '/density', { density });
    },
    setColumns: (tableId, columns) => {
      publish(area, { ...store.prefs, tables: { ...store.prefs.tables, [tableId]: columns } });
      save(area, `/tables/${encodeURIComponent(tableId)}`, columns);
    },
    resetColumns: (tableId) => {
      const { [tableId]: _dropped, ...tables } = store.prefs.tables;
      publish(area, { ...store.prefs, tables });
      save(area, `/tables/${encodeURIComponent(tableId)}`, undefined);
    },
  };
}
