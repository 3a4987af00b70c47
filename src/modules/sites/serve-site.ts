import type { AppContext } from '../../context.js';
import { looksLikeId } from '../../lib/ids.js';
import { fillString } from '../../lib/template.js';
import { findClick } from '../clicks/find-click.js';
import { findFlow } from '../flows/queries.js';
import { checkSitePath, escapeHtml } from './site-files.js';

/**
 * Every answer under /s/ — pages, SVG, scripts, the 404 — is served in a CSP sandbox: the browser
 * gives it an opaque origin, so an uploaded page shares nothing with /admin and /webmaster on the
 * same host. Its script cannot read our cookies or storage, and its requests to our API are
 * cross-origin, sent without the sign-in cookies (and refused by Origin if they came). Scripts,
 * form posts (to /api/lead and elsewhere) and target=_blank links still work; windows it opens stay
 * sandboxed. nosniff keeps every file the type it was stored as.
 */
export const HOSTED_FILE_HEADERS = {
  'content-security-policy': 'sandbox allow-scripts allow-forms allow-popups',
  'x-content-type-options': 'nosniff',
} as const;

export interface ServedFile {
  status: number;
  contentType: string;
  body: Buffer | string;
  cacheControl: string;
}

/** The click's macros for a page: {click} {click_id} {offer_id} {pub_id} {flow} {sub1}…{sub10} {country} {fbclid}. */
async function clickMacros(ctx: AppContext, clickId: string | undefined): Promise<Record<string, string>> {
  const click = looksLikeId(clickId) ? await findClick(ctx, clickId) : undefined;
  const flow = click?.flow_id ? await findFlow(ctx.db, click.flow_id) : undefined;
  const value = (v: unknown) => (v === null || v === undefined ? '' : escapeHtml(String(v)));
  return {
    click: value(click?.id),
    click_id: value(click?.id),
    offer_id: value(click?.offer_id),
    pub_id: value(click?.publisher_id),
    flow: value(flow?.code),
    sub1: value(click?.sub1),
    sub2: value(click?.sub2),
    sub3: value(click?.sub3),
    sub4: value(click?.sub4),
    sub5: value(click?.sub5),
    sub6: value(click?.sub6),
    sub7: value(click?.sub7),
    sub8: value(click?.sub8),
    sub9: value(click?.sub9),
    sub10: value(click?.sub10),
    country: value(click?.country),
    fbclid: value(click?.fbclid),
  };
}

/**
 * Serve one file of a hosted site. HTML gets the visitor's click macros filled (HTML-escaped),
 * so `<input type="hidden" name="subid" value="{click}">` carries the click into the form (the page's
 * own script cannot read the lr_click cookie in the sandbox; the server can). Nothing is executed on
 * the server: files are bytes with a fixed content type, answered with HOSTED_FILE_HEADERS.
 */
export async function serveSiteFile(
  ctx: AppContext,
  slug: string,
  rawPath: string,
  clickId: string | undefined,
): Promise<ServedFile | undefined> {
  const site = await ctx.db
    .selectFrom('local_sites')
    .select('id')
    .where('slug', '=', slug)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!site) return undefined;
  let path: string;
  try {
    path = checkSitePath(rawPath === '' || rawPath.endsWith('/') ? `${rawPath}index.html` : rawPath).path;
  } catch {
    return undefined;
  }
  const file = await ctx.db
    .selectFrom('local_site_files')
    .select(['content', 'content_type'])
    .where('site_id', '=', site.id)
    .where('path', '=', path)
    .executeTakeFirst();
  if (!file) return undefined;
  const bytes = Buffer.from(file.content, 'base64');
  if (!file.content_type.startsWith('text/html')) {
    return { status: 200, contentType: file.content_type, body: bytes, cacheControl: 'public, max-age=300' };
  }
  const html = fillString(bytes.toString('utf8'), await clickMacros(ctx, clickId));
  return { status: 200, contentType: file.content_type, body: html, cacheControl: 'no-store' };
}
