/**
 * Which cached answers a change makes out of date, derived from API paths alone (no call site says
 * it): a change to `/api/admin/leads/…` touches the resource `/api/admin/leads` and the resources
 * that show what a lead moves (conversions, the ledger, the dashboard…), as declared below. A
 * cached answer is out of date when one of the paths it read belongs to a touched resource.
 *
 * Only answers on screen are asked again at once (lib/query-client.ts); every other answer is asked
 * again anyway when its screen opens (the cache keeps nothing fresh), so this table only has to be
 * right for things shown side by side.
 */

/** The resource an API path belongs to: its scope and first segment (`/api/admin/leads`). */
export function resourceOf(path: string): string {
  const bare = path.split(/[?#]/, 1)[0] ?? path;
  const match = /^\/api\/([a-z-]+)\/([a-z0-9-]+)/.exec(bare);
  return match ? `/api/${match[1]}/${match[2]}` : bare;
}

/**
 * What moves with a status change of a lead or conversion: its money lands in the ledger, balances,
 * finance, invoices' earned amounts, an advertiser's prepaid balance, reports and the dashboard;
 * caps count it; a reversal may be held or clawed back; an outbound postback may be queued.
 */
const MONEY = [
  'leads',
  'conversions',
  'dashboard',
  'finance',
  'ledger',
  'reports',
  'payouts',
  'clawbacks',
  'pending-changes',
  'invoices',
  'advertisers',
  'caps',
  'postbacks',
  'outbound-requests',
  'jobs',
  'stats',
  'balance',
];

/**
 * Resource name → the other resources (same scope: admin, portal or account) a change to it also
 * changes. A name not listed changes only itself. Names are the first path segment after the scope.
 */
export const DEPENDENTS: Readonly<Record<string, readonly string[]>> = {
  // a lead's or conversion's status, a push, an import, a bulk change
  leads: MONEY,
  conversions: MONEY,
  // paying, rejecting, Net-7; the portal's payout request moves its balance and statistics
  payouts: MONEY,
  clawbacks: MONEY,
  'pending-changes': MONEY,
  // a rate converts every amount shown in another currency
  'currency-rates': MONEY,
  // a payment or a sent invoice moves the advertiser's billing panel and Finance's receivables
  invoices: ['advertisers', 'finance', 'dashboard'],
  // an advertiser's top-up, billing mode, finality window or postback profile
  advertisers: ['invoices', 'finance', 'offers', 'finality-windows', 'pending-changes'],
  'finality-windows': ['advertisers', 'offers', 'pending-changes'],
  // an applied template changes the advertiser
  integrations: ['advertisers'],
  // an offer's name, status, payout, caps or pixel: lists that name it or assign it
  offers: [
    'flows',
    'publishers',
    'caps',
    'smart-links',
    'access-requests',
    'finality-windows',
    'marketplace',
  ],
  caps: ['offers'],
  // a publisher approved or suspended, an offer assigned, a postback or smart link set
  publishers: ['access-requests', 'offers', 'flows', 'smart-links', 'users', 'payouts', 'finance'],
  'access-requests': ['publishers', 'offers'],
  // the portal asks for an offer: its marketplace and its offers
  marketplace: ['offers'],
  flows: ['smart-links', 'smart-link', 'reports', 'offers'],
  'smart-links': ['flows', 'publishers'],
  'smart-link': ['flows'],
  // a run may pause offers, change caps and publishers, and notify
  automation: ['offers', 'caps', 'publishers', 'flows', 'notifications'],
  fraud: ['clicks', 'reports', 'dashboard'],
  users: ['publishers'],
  // a changed password signs other sessions out; two-factor shows on the account
  password: ['sessions', 'me'],
  '2fa': ['me', 'sessions'],
  sites: ['offers'],
};

/** Resources that change with every change (every admin change is audited). */
const FOLLOW_EVERY_CHANGE = ['audit-log'];

/** Requests sent as POST that change nothing: a preview, a simulation, an automation rule's dry run. */
const CHANGES_NOTHING = /\/(postback-preview|simulate|preview|dry-run)$/;

/**
 * The resources a successful change to `path` touches, or an empty set when it touches none (a
 * preview). Sign-out is handled by the caller (the cache is emptied).
 */
export function resourcesChangedBy(path: string): ReadonlySet<string> {
  const bare = path.split(/[?#]/, 1)[0] ?? path;
  if (CHANGES_NOTHING.test(bare)) return new Set();
  const own = resourceOf(bare);
  const scope = /^\/api\/[a-z-]+\//.exec(own)?.[0];
  const touched = new Set([own]);
  if (!scope) return touched;
  const name = own.slice(scope.length);
  for (const dependent of [...(DEPENDENTS[name] ?? []), ...FOLLOW_EVERY_CHANGE]) {
    touched.add(`${scope}${dependent}`);
  }
  return touched;
}

/**
 * Whether an answer that read `reads` is out of date after a change touching `touched`. An answer
 * whose reads are unknown (its loader sent no request through lib/api.ts) is, to be safe.
 */
export function isAffected(reads: readonly string[] | undefined, touched: ReadonlySet<string>): boolean {
  if (!reads || reads.length === 0) return touched.size > 0;
  return reads.some((read) => touched.has(resourceOf(read)));
}
