import type { AppContext } from '../../context.js';
import { findFlowByCode } from '../flows/queries.js';
import { FLOW_CODE_PATTERN } from '../flows/schemas.js';
import { findOfferForClick } from '../offers/queries.js';
import { findAssignment, findPublisher } from '../publishers/queries.js';
import { DEFAULT_CLICK_PARAM } from './landing-url.js';

/** What the redirect needs to know about an offer, cached per process. */
export interface ClickOffer {
  id: number;
  status: string;
  visibility: string;
  landingUrl: string;
  trafficbackUrl: string | null;
  geo: ReadonlySet<string>;
  dailyCap: number | null;
  /** The offer's own box, or its advertiser's "Automatically add click ID to link". */
  appendClickId: boolean;
  /** The parameter the advertiser's network takes the click id in. */
  clickParam: string;
}

export interface ClickFlow {
  id: number;
  code: string;
  publisherId: number;
  offerId: number;
  status: string;
}

const TTL_MS = 5_000;

const offerCache = (ctx: AppContext) => ctx.caches.named<number, ClickOffer | null>('click.offer', TTL_MS);
const publisherCache = (ctx: AppContext) =>
  ctx.caches.named<number, string | null>('click.publisher', TTL_MS);

/**
 * The cached offer (null: none) without a promise, undefined when it must be read (loadOffer): a
 * warm click takes no promise per look-up (recordClick).
 */
export function cachedOffer(ctx: AppContext, id: number): ClickOffer | null | undefined {
  return offerCache(ctx).peek(id, () => readOffer(ctx, id));
}

/** The cached publisher status (null: none), undefined when it must be read (loadPublisherStatus). */
export function cachedPublisherStatus(ctx: AppContext, id: number): string | null | undefined {
  return publisherCache(ctx).peek(id, () => readPublisherStatus(ctx, id));
}

/** One query for the offer and its advertiser's click parameter, cached: no extra read per click. */
async function readOffer(ctx: AppContext, id: number): Promise<ClickOffer | null> {
  const row = await findOfferForClick(ctx.db, id);
  if (!row) return null;
  return {
    id: row.id,
    status: row.status,
    visibility: row.visibility,
    landingUrl: row.landing_url,
    trafficbackUrl: row.trafficback_url,
    geo: new Set(JSON.parse(row.geo) as string[]),
    dailyCap: row.daily_cap,
    appendClickId: row.append_click_id === 1 || row.adv_auto_click_id === 1,
    clickParam: row.adv_click_param || DEFAULT_CLICK_PARAM,
  };
}

async function readPublisherStatus(ctx: AppContext, id: number): Promise<string | null> {
  return (await findPublisher(ctx.db, id))?.status ?? null;
}

export async function loadOffer(ctx: AppContext, id: number): Promise<ClickOffer | null> {
  return offerCache(ctx).peekOrLoad(id, () => readOffer(ctx, id));
}

export async function loadPublisherStatus(ctx: AppContext, id: number): Promise<string | null> {
  return publisherCache(ctx).peekOrLoad(id, () => readPublisherStatus(ctx, id));
}

export function loadAssigned(ctx: AppContext, publisherId: number, offerId: number): Promise<boolean> {
  return ctx.caches
    .named<string, boolean>('click.assignment', TTL_MS)
    .getOrLoad(`${publisherId}:${offerId}`, async () =>
      Boolean(await findAssignment(ctx.db, publisherId, offerId)),
    );
}

const FLOW_CODE = new RegExp(FLOW_CODE_PATTERN);

const flowCache = (ctx: AppContext) => ctx.caches.named<string, ClickFlow | null>('click.flow', TTL_MS);

/**
 * The cached flow of a code (null: none, or a code that cannot exist) without a promise, undefined
 * when it must be read (loadFlow): a warm flow click takes no promise for it.
 */
export function cachedFlow(ctx: AppContext, code: string): ClickFlow | null | undefined {
  if (!FLOW_CODE.test(code)) return null;
  return flowCache(ctx).peek(code, () => readFlow(ctx, code));
}

export function loadFlow(ctx: AppContext, code: string): Promise<ClickFlow | null> {
  // A code that cannot exist is not looked up (nor cached): `/f/%00` must not reach PostgreSQL,
  // which refuses NUL in text, and junk codes must not fill the cache.
  if (!FLOW_CODE.test(code)) return Promise.resolve(null);
  return Promise.resolve(flowCache(ctx).peekOrLoad(code, () => readFlow(ctx, code)));
}

async function readFlow(ctx: AppContext, code: string): Promise<ClickFlow | null> {
  const row = await findFlowByCode(ctx.db, code);
  if (!row) return null;
  return {
    id: row.id,
    code: row.code,
    publisherId: row.publisher_id,
    offerId: row.offer_id,
    status: row.status,
  };
}
