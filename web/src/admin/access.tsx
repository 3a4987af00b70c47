import { createContext, type ReactNode, useContext } from 'react';

/** GET /api/admin/me: the signed-in admin's role and the routes it may call (src/modules/auth/permissions.ts). */
export interface AdminMe {
  id: string;
  email: string;
  name: string;
  role: string;
  advertiser_ids: string[];
  publisher_ids: string[];
  permissions: string[];
  /** PUBLIC_URL, without a trailing slash: where links and postback URLs are given out. */
  public_url: string;
}

export interface Access {
  me: AdminMe | undefined;
  /** `can('POST /api/admin/offers')`: the API would let this role call it. The API is the enforcement. */
  can: (route: string) => boolean;
}

// Until /me answers, everything shows (an owner's first paint); the API refuses what is not allowed.
const AccessContext = createContext<Access>({ me: undefined, can: () => true });

export function accessOf(me: AdminMe | undefined): Access {
  if (!me) return { me, can: () => true };
  const allowed = new Set(me.permissions);
  return { me, can: (route) => allowed.has(route) };
}

export function AccessProvider({ access, children }: { access: Access; children: ReactNode }) {
  return <AccessContext.Provider value={access}>{children}</AccessContext.Provider>;
}

export function useAccess(): Access {
  return useContext(AccessContext);
}

/** The route each admin tab reads first: a role that may not call it does not see the tab. */
export const TAB_ROUTES: Readonly<Record<string, string>> = {
  'quick-start': 'POST /api/admin/offers',
  dashboard: 'GET /api/admin/dashboard',
  advertisers: 'GET /api/admin/advertisers',
  offers: 'GET /api/admin/offers',
  sites: 'GET /api/admin/sites',
  integrations: 'GET /api/admin/integrations',
  publishers: 'GET /api/admin/publishers',
  flows: 'GET /api/admin/flows',
  'access-requests': 'GET /api/admin/access-requests',
  clicks: 'GET /api/admin/clicks',
  leads: 'GET /api/admin/leads',
  conversions: 'GET /api/admin/conversions',
  postbacks: 'GET /api/admin/postbacks',
  finance: 'GET /api/admin/finance',
  reports: 'GET /api/admin/reports/custom',
  fraud: 'GET /api/admin/fraud/rules',
  automation: 'GET /api/admin/automation/rules',
  'audit-log': 'GET /api/admin/audit-log',
};

export function canSeeTab(access: Access, path: string): boolean {
  const route = TAB_ROUTES[path];
  return route === undefined || access.can(route);
}
