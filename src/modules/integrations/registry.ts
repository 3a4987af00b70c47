import { normaliseStatusMap, type StatusMap } from '../conversions/recognise-status.js';
import type { IntegrationTemplate } from './template.js';
import { adcombo } from './templates/adcombo.js';
import { affise } from './templates/affise.js';
import { affiseReach } from './templates/affise-reach.js';
import { alfaleads } from './templates/alfaleads.js';
import { altercpa } from './templates/altercpa.js';
import { bemob } from './templates/bemob.js';
import { binom } from './templates/binom.js';
import { cake } from './templates/cake.js';
import { clickdealer } from './templates/clickdealer.js';
import { clickflare } from './templates/clickflare.js';
import { drCash } from './templates/dr-cash.js';
import { everad } from './templates/everad.js';
import { everflow } from './templates/everflow.js';
import { hasoffersTune } from './templates/hasoffers-tune.js';
import { indoleads } from './templates/indoleads.js';
import { keitaro } from './templates/keitaro.js';
import { kma } from './templates/kma.js';
import { leadbit } from './templates/leadbit.js';
import { leadrock } from './templates/leadrock.js';
import { limonad } from './templates/limonad.js';
import { luckyOnline } from './templates/lucky-online.js';
import { m1Shop } from './templates/m1-shop.js';
import { monetizer } from './templates/monetizer.js';
import { moustacheLeads } from './templates/moustache-leads.js';
import { mylead } from './templates/mylead.js';
import { offer18 } from './templates/offer18.js';
import { offerrum } from './templates/offerrum.js';
import { scaleo } from './templates/scaleo.js';
import { shakes } from './templates/shakes.js';
import { terraleads } from './templates/terraleads.js';
import { trackier } from './templates/trackier.js';
import { trafficmanager } from './templates/trafficmanager.js';
import { voluum } from './templates/voluum.js';

/**
 * The built-in catalogue, by name. Adding a network is adding a data file: here, or as JSON in
 * INTEGRATION_TEMPLATES_DIR (load-templates.ts) without touching the code.
 */
export const INTEGRATION_TEMPLATES: readonly IntegrationTemplate[] = [
  adcombo,
  affise,
  affiseReach,
  alfaleads,
  altercpa,
  bemob,
  binom,
  cake,
  clickdealer,
  clickflare,
  drCash,
  everad,
  everflow,
  hasoffersTune,
  indoleads,
  keitaro,
  kma,
  leadbit,
  leadrock,
  limonad,
  luckyOnline,
  m1Shop,
  monetizer,
  moustacheLeads,
  mylead,
  offer18,
  offerrum,
  scaleo,
  shakes,
  terraleads,
  trackier,
  trafficmanager,
  voluum,
];

/** The templates one process offers: the built-ins, then the operator's own from their files. */
export interface IntegrationRegistry {
  readonly templates: readonly IntegrationTemplate[];
  find(key: string): IntegrationTemplate | undefined;
  /** True for a template loaded from INTEGRATION_TEMPLATES_DIR. */
  isCustom(key: string): boolean;
}

/** The catalogue with the operator's templates next to the built-ins; keys are unique (the loader checks). */
export function createIntegrationRegistry(custom: readonly IntegrationTemplate[] = []): IntegrationRegistry {
  const templates = [...INTEGRATION_TEMPLATES, ...custom];
  const byKey = new Map(templates.map((t) => [t.key, t]));
  const customKeys = new Set(custom.map((t) => t.key));
  return {
    templates,
    find: (key) => byKey.get(key),
    isCustom: (key) => customKeys.has(key),
  };
}

/** The template's status map as saved on an advertiser: words normalised like incoming ones. */
export function savedStatusMap(template: IntegrationTemplate): StatusMap {
  return normaliseStatusMap({ ...template.status_map });
}

/**
 * The postback URL to paste into the network: our postback.json with the token and the network's
 * macros, left unencoded so the network recognises and fills them.
 */
export function postbackUrlFor(publicUrl: string, template: IntegrationTemplate, token = 'TOKEN'): string {
  const params = Object.entries(template.postback).map(([name, macro]) => `${name}=${macro}`);
  return `${publicUrl.replace(/\/$/, '')}/api/track/postback.json?id=${token}&${params.join('&')}`;
}

/** A sample postback as the network would send it: its macros replaced with sample values. */
export function fillSamplePostback(
  url: string,
  template: IntegrationTemplate,
  clickId: string,
  statusWord: string,
) {
  const values: Record<string, string> = {
    ...template.sample_values,
    // The click macro, or for a template keyed by the network's own lead id, that id's macro.
    [(template.postback.click ?? template.postback.lead) as string]: clickId,
    [template.postback.status as string]: statusWord,
  };
  let filled = url;
  for (const [macro, value] of Object.entries(values))
    filled = filled.split(macro).join(encodeURIComponent(value));
  return filled;
}
