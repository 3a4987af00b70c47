/**
 * Who may call which admin route: ONE table, consulted by the preHandler in authorise.ts on every
 * admin request and walked by test/admin-roles.test.ts against the OpenAPI document (a route missing
 * here is refused to everyone and fails that test). Keys are `METHOD url` with Fastify's url pattern;
 * HEAD is judged as GET.
 *
 * An account manager sees and changes only the advertisers and publishers assigned to them and their
 * leads, conversions and reports: `scope` says how a route is narrowed for them (a list filtered in
 * its query, or the object named by `:id` checked before the handler runs; another's object is 404).
 */
export const ROLES = ['owner', 'admin', 'account_manager', 'finance', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** How a route is narrowed for an account manager. */
export type Scope =
  /** The handler filters its rows by the manager's advertisers and publishers. */
  | 'list'
  /** `:id` names an advertiser, a publisher, a lead or a conversion that must be theirs. */
  | 'advertiser'
  | 'publisher'
  | 'lead'
  | 'conversion';

export interface Permission {
  roles: readonly Role[];
  scope?: Scope;
}

const EVERYONE: readonly Role[] = ROLES;
/** Network-wide reads an account manager does not get (other partners' traffic, money, settings). */
const READERS: readonly Role[] = ['owner', 'admin', 'finance', 'analyst'];
/** Network-wide changes. */
const MANAGERS: readonly Role[] = ['owner', 'admin'];
/** Changes an account manager may make to their own advertisers, publishers and leads. */
const WITH_AM: readonly Role[] = ['owner', 'admin', 'account_manager'];
/** Payouts, invoices and rates. */
const MONEY: readonly Role[] = ['owner', 'admin', 'finance'];
const OWNER: readonly Role[] = ['owner'];

const p = (roles: readonly Role[], scope?: Scope): Permission => (scope ? { roles, scope } : { roles });

export const PERMISSIONS: Readonly<Record<string, Permission>> = {
  'GET /api/admin/me': p(EVERYONE),

  'GET /api/admin/advertisers': p(EVERYONE, 'list'),
  'POST /api/admin/advertisers': p(MANAGERS),
  'GET /api/admin/advertisers/:id': p(EVERYONE, 'advertiser'),
  'PATCH /api/admin/advertisers/:id': p(WITH_AM, 'advertiser'),
  'POST /api/admin/advertisers/:id/test-lead': p(WITH_AM, 'advertiser'),
  // The postback inspector reads a pasted URL and changes nothing.
  'POST /api/admin/advertisers/:id/postback-preview': p(WITH_AM, 'advertiser'),

  // The offer catalogue is readable by every role (managers assign offers to their publishers).
  'GET /api/admin/offers': p(EVERYONE),
  'POST /api/admin/offers': p(MANAGERS),
  'GET /api/admin/offers/:id': p(EVERYONE),
  'PATCH /api/admin/offers/:id': p(MANAGERS),
  'POST /api/admin/offers/:id/pixel-key': p(MANAGERS),
  'GET /api/admin/offers/:id/pixel': p(READERS),

  'GET /api/admin/publishers': p(EVERYONE, 'list'),
  'GET /api/admin/publishers/export.csv': p(EVERYONE, 'list'),
  'GET /api/admin/publishers/export.xlsx': p(EVERYONE, 'list'),
  'POST /api/admin/publishers/bulk': p(WITH_AM, 'list'),
  'POST /api/admin/publishers': p(MANAGERS),
  'GET /api/admin/publishers/:id': p(EVERYONE, 'publisher'),
  'PATCH /api/admin/publishers/:id': p(WITH_AM, 'publisher'),
  'POST /api/admin/publishers/:id/approve': p(WITH_AM, 'publisher'),
  'GET /api/admin/publishers/:id/offers': p(EVERYONE, 'publisher'),
  'POST /api/admin/publishers/:id/offers': p(WITH_AM, 'publisher'),
  'DELETE /api/admin/publishers/:id/offers/:offer_id': p(WITH_AM, 'publisher'),
  'GET /api/admin/publishers/:id/postbacks': p(EVERYONE, 'publisher'),
  'POST /api/admin/publishers/:id/postbacks': p(WITH_AM, 'publisher'),
  'PATCH /api/admin/publishers/:id/postbacks/:postback_id': p(WITH_AM, 'publisher'),
  'POST /api/admin/publishers/:id/postbacks/:postback_id/test': p(WITH_AM, 'publisher'),

  'GET /api/admin/flows': p(READERS),
  'POST /api/admin/flows': p(MANAGERS),
  'GET /api/admin/flows/:id': p(READERS),
  'PATCH /api/admin/flows/:id': p(MANAGERS),
  'GET /api/admin/flows/:id/streams': p(READERS),
  'PUT /api/admin/flows/:id/streams': p(MANAGERS),
  'GET /api/admin/flows/:id/split-test': p(READERS),
  // Simulating reads only; it shows the fraud checks' results, so not for account managers.
  'POST /api/admin/flows/:id/simulate': p(MANAGERS),

  'GET /api/admin/clicks': p(READERS),
  'GET /api/admin/clicks/export.csv': p(READERS),
  'GET /api/admin/clicks/export.xlsx': p(READERS),
  'GET /api/admin/clicks/:id': p(READERS),

  'GET /api/admin/fraud/blocked-ips': p(READERS),
  'POST /api/admin/fraud/blocked-ips': p(MANAGERS),
  'DELETE /api/admin/fraud/blocked-ips/:id': p(MANAGERS),
  'GET /api/admin/fraud/rules': p(READERS),
  'PUT /api/admin/fraud/rules/:rule': p(MANAGERS),
  'GET /api/admin/fraud/events': p(READERS),
  'GET /api/admin/fraud/events/export.csv': p(READERS),
  'GET /api/admin/fraud/events/export.xlsx': p(READERS),
  'GET /api/admin/caps': p(READERS),
  'GET /api/admin/publishers/:id/smart-link': p(EVERYONE, 'publisher'),
  'PUT /api/admin/publishers/:id/smart-link': p(WITH_AM, 'publisher'),
  'GET /api/admin/publishers/:id/smart-link/simulate': p(EVERYONE, 'publisher'),
  'GET /api/admin/smart-links/report': p(READERS),
  'GET /api/admin/smart-links/settings': p(EVERYONE),
  'PUT /api/admin/smart-links/settings': p(WITH_AM),
  'POST /api/admin/caps': p(MANAGERS),
  'PATCH /api/admin/caps/:id': p(MANAGERS),

  'GET /api/admin/automation/rules': p(READERS),
  'POST /api/admin/automation/rules': p(MANAGERS),
  'GET /api/admin/automation/rules/:id': p(READERS),
  'PATCH /api/admin/automation/rules/:id': p(MANAGERS),
  'DELETE /api/admin/automation/rules/:id': p(MANAGERS),
  'POST /api/admin/automation/rules/:id/run': p(MANAGERS),
  'POST /api/admin/automation/rules/:id/dry-run': p(MANAGERS),
  'GET /api/admin/automation/runs': p(READERS),
  'GET /api/admin/notifications': p(READERS),
  'POST /api/admin/notifications/:id/read': p(MANAGERS),
  'POST /api/admin/notifications/read-all': p(MANAGERS),

  'GET /api/admin/access-requests': p(READERS),
  'POST /api/admin/access-requests/:id/approve': p(MANAGERS),
  'POST /api/admin/access-requests/:id/reject': p(MANAGERS),

  'GET /api/admin/sites': p(READERS),
  'POST /api/admin/sites': p(MANAGERS),
  'GET /api/admin/sites/order-form-snippet': p(READERS),
  'GET /api/admin/sites/:id': p(READERS),
  'PATCH /api/admin/sites/:id': p(MANAGERS),
  'DELETE /api/admin/sites/:id': p(MANAGERS),
  'PUT /api/admin/sites/:id/files': p(MANAGERS),
  'DELETE /api/admin/sites/:id/files': p(MANAGERS),
  'GET /api/admin/sites/:id/file': p(READERS),

  'GET /api/admin/jobs': p(READERS),
  'GET /api/admin/jobs/:id': p(READERS),
  'POST /api/admin/jobs/:id/retry': p(MANAGERS),
  'GET /api/admin/outbound-requests': p(READERS),
  'GET /api/admin/postbacks': p(READERS),
  'GET /api/admin/postbacks/export.csv': p(READERS),
  'GET /api/admin/postbacks/export.xlsx': p(READERS),
  'GET /api/admin/postbacks/:id': p(READERS),

  'GET /api/admin/leads': p(EVERYONE, 'list'),
  'GET /api/admin/leads/export.csv': p(EVERYONE, 'list'),
  'GET /api/admin/leads/export.xlsx': p(EVERYONE, 'list'),
  'POST /api/admin/leads/bulk': p(WITH_AM, 'list'),
  'GET /api/admin/leads/import/sample.csv': p(EVERYONE),
  'POST /api/admin/leads/import': p(MANAGERS),
  'GET /api/admin/leads/:id': p(EVERYONE, 'lead'),
  'POST /api/admin/leads/:id/push': p(WITH_AM, 'lead'),
  'POST /api/admin/leads/:id/status': p(WITH_AM, 'lead'),
  'GET /api/admin/leads/:id/status-history': p(EVERYONE, 'lead'),
  'GET /api/admin/conversions': p(EVERYONE, 'list'),
  'GET /api/admin/conversions/export.csv': p(EVERYONE, 'list'),
  'GET /api/admin/conversions/export.xlsx': p(EVERYONE, 'list'),
  'POST /api/admin/conversions/bulk': p(WITH_AM, 'list'),
  'GET /api/admin/conversions/:id': p(EVERYONE, 'conversion'),

  'GET /api/admin/ledger/balances': p(READERS),
  'GET /api/admin/ledger/entries': p(READERS),
  'GET /api/admin/payouts': p(READERS),
  'POST /api/admin/payouts/:id/pay': p(MONEY),
  'POST /api/admin/payouts/:id/reject': p(MONEY),
  'POST /api/admin/payouts/run-net7': p(MONEY),
  'GET /api/admin/finance': p(READERS),
  'GET /api/admin/currency-rates': p(EVERYONE),
  'POST /api/admin/currency-rates': p(MONEY),
  'PATCH /api/admin/currency-rates/:id': p(MONEY),
  'DELETE /api/admin/currency-rates/:id': p(MONEY),

  'GET /api/admin/integrations': p(READERS),
  'GET /api/admin/integrations/:key': p(READERS),
  'POST /api/admin/integrations/:key/apply': p(MANAGERS),

  // @TODO: scope the dashboard's flow, click and ledger sums to an account manager; until then they
  // use the scoped custom report and conversion statistics instead.
  'GET /api/admin/dashboard': p(READERS),
  'GET /api/admin/reports/custom': p(EVERYONE, 'list'),
  'GET /api/admin/reports/grouped': p(EVERYONE, 'list'),
  // Saved reports are each person's own (narrowed to the caller in the handler).
  'GET /api/admin/saved-reports': p(EVERYONE),
  'POST /api/admin/saved-reports': p(EVERYONE),
  'DELETE /api/admin/saved-reports/:id': p(EVERYONE),
  'GET /api/admin/reports/conversion-stats': p(EVERYONE, 'list'),

  'GET /api/admin/users': p(MANAGERS),
  'POST /api/admin/users': p(OWNER),
  'POST /api/admin/users/:id/disable': p(OWNER),
  'POST /api/admin/users/:id/enable': p(OWNER),
  'PUT /api/admin/users/:id/password': p(OWNER),
  'PUT /api/admin/users/:id/role': p(OWNER),
  // Whether every admin must use two-factor sign-in (docs/users-and-roles.md "Two-factor sign-in and sessions").
  'GET /api/admin/security-settings': p(MANAGERS),
  'PUT /api/admin/security-settings': p(OWNER),
  'GET /api/admin/retention-settings': p(MANAGERS),
  // Deleting raw data for good: the owner decides.
  'PUT /api/admin/retention-settings': p(OWNER),
  'PUT /api/admin/users/:id/assignments': p(OWNER),

  'GET /api/admin/audit-log': p(MANAGERS),

  // Reversals after payout and finality windows (docs/money.md "Reversals after payout", money.md "Finality window").
  'GET /api/admin/clawbacks': p(READERS),
  'GET /api/admin/finality-windows': p(READERS),
  'PUT /api/admin/finality-windows/:scope/:id': p(MANAGERS),
  'DELETE /api/admin/finality-windows/:scope/:id': p(MANAGERS),
  'GET /api/admin/pending-changes': p(READERS),
  'POST /api/admin/pending-changes/:id/accept': p(MANAGERS),
  'POST /api/admin/pending-changes/:id/refuse': p(MANAGERS),

  // Invoices, payments received and prepayment (docs/money.md "Invoices and receivables"): finance's work.
  'GET /api/admin/invoices': p(READERS),
  'GET /api/admin/invoices/receivables': p(READERS),
  'GET /api/admin/invoices/:id': p(READERS),
  'GET /api/admin/invoices/:id/html': p(READERS),
  'GET /api/admin/invoices/:id/lines.csv': p(READERS),
  'POST /api/admin/invoices': p(MONEY),
  'POST /api/admin/invoices/:id/send': p(MONEY),
  'POST /api/admin/invoices/:id/void': p(MONEY),
  'POST /api/admin/invoices/:id/payments': p(MONEY),
  'GET /api/admin/advertisers/:id/billing': p(READERS),
  'PUT /api/admin/advertisers/:id/billing': p(MONEY),
  'POST /api/admin/advertisers/:id/topups': p(MONEY),
};

export function permissionFor(method: string, url: string): Permission | undefined {
  return PERMISSIONS[`${method === 'HEAD' ? 'GET' : method} ${url}`];
}

/** The table's keys this role may call (the admin app hides what is not listed). */
export function routesFor(role: Role): string[] {
  return Object.entries(PERMISSIONS)
    .filter(([, permission]) => permission.roles.includes(role))
    .map(([key]) => key);
}
