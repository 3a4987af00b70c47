import type { AppContext } from '../../context.js';
import { getStreams } from '../streams/save-streams.js';

/**
 * What an admin route changes, read from the database before and after the change, so an audit entry
 * holds the real rows (secrets masked later), not what the client claimed. Keyed by the route's
 * first path segments under /api/admin; routes not listed here record the request and the answer.
 */
export interface AuditTarget {
  objectType: string;
  objectId: string | undefined;
  load?: (ctx: AppContext, id: string) => Promise<unknown>;
}

type Loader = (ctx: AppContext, id: string) => Promise<unknown>;

const numeric = (id: string) => (/^[0-9]{1,15}$/.test(id) ? Number(id) : -1);

type NumberedTable =
  | 'advertisers'
  | 'offers'
  | 'publishers'
  | 'flows'
  | 'local_sites'
  | 'automation_rules'
  | 'currency_rates'
  | 'blocked_ips'
  | 'offer_access_requests';

function row(table: NumberedTable): Loader {
  return async (ctx, id) =>
    (await ctx.db
      .selectFrom(table)
      .selectAll()
      .where('id', '=', numeric(id) as never)
      .executeTakeFirst()) ?? null;
}

const loadOffer: Loader = async (ctx, id) => {
  const offer = await row('offers')(ctx, id);
  if (!offer) return null;
  const goals = await ctx.db
    .selectFrom('offer_goals')
    .selectAll()
    .where('offer_id', '=', numeric(id))
    .execute();
  return { ...offer, goals };
};

const loadPublisher: Loader = async (ctx, id) => {
  const publisher = await row('publishers')(ctx, id);
  if (!publisher) return null;
  const offers = await ctx.db
    .selectFrom('publisher_offers')
    .select(['offer_id', 'pub_payout'])
    .where('publisher_id', '=', numeric(id))
    .orderBy('offer_id')
    .execute();
  return { ...publisher, offers };
};

const loadLead: Loader = async (ctx, id) => {
  const lead = await ctx.db.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirst();
  if (!lead) return null;
  const conversions = await ctx.db
    .selectFrom('conversions')
    .select(['id', 'status', 'goal', 'adv_payout', 'pub_payout', 'currency', 'comment'])
    .where('lead_id', '=', id)
    .orderBy('id')
    .execute();
  return { ...lead, conversions };
};

/** A flow with its stream list (issue 19), so a PUT of the streams shows what changed. */
const loadFlow: Loader = async (ctx, id) => {
  const flow = await row('flows')(ctx, id);
  if (!flow) return null;
  return { ...flow, streams: (await getStreams(ctx, numeric(id))).streams };
};

const loadJob: Loader = async (ctx, id) =>
  (await ctx.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;

const loadPayout: Loader = async (ctx, id) =>
  (await ctx.db.selectFrom('payouts').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;

const loadUser: Loader = async (ctx, id) => {
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'disabled_at', 'created_at'])
    .where('id', '=', numeric(id))
    .executeTakeFirst();
  if (!user) return null;
  const assignments = await ctx.db
    .selectFrom('user_assignments')
    .select(['subject_type', 'subject_id'])
    .where('user_id', '=', user.id)
    .orderBy('subject_type')
    .orderBy('subject_id')
    .execute();
  return { ...user, assignments };
};

const loadFraudRule: Loader = async (ctx, rule) =>
  (await ctx.db.selectFrom('fraud_rules').selectAll().where('rule', '=', rule).executeTakeFirst()) ?? null;

/** Path prefix under /api/admin → object type and how to read one by its id. */
const OBJECTS: [prefix: string, objectType: string, load?: Loader][] = [
  ['advertisers', 'advertiser', row('advertisers')],
  ['offers', 'offer', loadOffer],
  ['publishers', 'publisher', loadPublisher],
  ['flows', 'flow', loadFlow],
  ['sites', 'site', row('local_sites')],
  ['automation/rules', 'automation_rule', row('automation_rules')],
  ['currency-rates', 'currency_rate', row('currency_rates')],
  ['fraud/blocked-ips', 'blocked_ip', row('blocked_ips')],
  ['fraud/rules', 'fraud_rule', loadFraudRule],
  ['access-requests', 'access_request', row('offer_access_requests')],
  ['jobs', 'job', loadJob],
  ['leads', 'lead', loadLead],
  ['payouts', 'payout', loadPayout],
  ['users', 'user', loadUser],
  ['notifications', 'notification'],
  ['integrations', 'integration'],
];

/** The object a change through `url` (a route pattern) with `params` is about. */
export function auditTarget(url: string, params: Record<string, string | undefined>): AuditTarget {
  const path = url.replace(/^\/api\/admin\//, '');
  for (const [prefix, objectType, load] of OBJECTS) {
    if (path !== prefix && !path.startsWith(`${prefix}/`)) continue;
    const idParam = prefix === 'fraud/rules' ? 'rule' : prefix === 'integrations' ? 'key' : 'id';
    return { objectType, objectId: params[idParam], ...(load ? { load } : {}) };
  }
  return { objectType: path.split('/')[0] ?? path, objectId: params.id };
}

/** create, update, delete, or the verb the route ends in (approve, pay, disable, status…). */
export function auditAction(method: string, url: string): string {
  const last = url.split('/').pop() ?? '';
  if (method === 'DELETE') return 'delete';
  if (method === 'POST' && !last.startsWith(':') && (last === 'status' || !/^[a-z-]+s$/.test(last)))
    return last;
  if (method === 'POST') return last.startsWith(':') ? 'update' : 'create';
  return 'update';
}
