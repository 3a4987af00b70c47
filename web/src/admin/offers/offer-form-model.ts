import { tr } from '../../i18n';
import { amountProblem, compareDecimals, isCurrencyCode, subtractAmounts } from '../../lib/money';
import type { Offer, PixelMode } from '../../lib/types';
import { type FieldErrors, isHttpUrl, parseGeo } from '../../lib/validate';

export interface GoalForm {
  key: string;
  name: string;
  aliases: string;
  adv_payout: string;
  pub_payout: string;
  revshare_percent: string;
}

/** The offer form as typed; GEO, aliases and cap as text. */
export interface OfferForm {
  name: string;
  advertiser_id: string;
  adv_offer_id: string;
  landing_url: string;
  adv_payout: string;
  pub_payout: string;
  currency: string;
  geo: string;
  visibility: Offer['visibility'];
  status: Offer['status'];
  daily_cap: string;
  trafficback_url: string;
  append_click_id: boolean;
  push_created_leads: boolean;
  description: string;
  goals: GoalForm[];
  pixel_mode: PixelMode;
  pixel_max_per_click: string;
  pixel_require_sig: boolean;
  allow_pub_above_adv: boolean;
}

/** What each pixel mode means, said on the form next to the choice. */
export const PIXEL_MODES: PixelMode[] = ['off', 'hold', 'approved'];
/** A pixel mode's name and meaning in the current language. */
export function pixelModeText(mode: PixelMode): { label: string; meaning: string } {
  return { label: tr(`forms.pixel.mode.${mode}`), meaning: tr(`forms.pixel.meaning.${mode}`) };
}

export const EMPTY_OFFER: OfferForm = {
  name: '',
  advertiser_id: '',
  adv_offer_id: '',
  landing_url: '',
  adv_payout: '',
  pub_payout: '',
  currency: 'USD',
  geo: '',
  visibility: 'public',
  status: 'active',
  daily_cap: '',
  trafficback_url: '',
  append_click_id: true,
  push_created_leads: false,
  description: '',
  goals: [],
  pixel_mode: 'off',
  pixel_max_per_click: '1',
  pixel_require_sig: false,
  allow_pub_above_adv: false,
};

export const EMPTY_GOAL: GoalForm = {
  key: '',
  name: '',
  aliases: '',
  adv_payout: '',
  pub_payout: '',
  revshare_percent: '',
};

export function offerToForm(offer: Offer): OfferForm {
  return {
    name: offer.name,
    advertiser_id: offer.advertiser_id,
    adv_offer_id: offer.adv_offer_id,
    landing_url: offer.landing_url,
    adv_payout: offer.adv_payout,
    pub_payout: offer.pub_payout,
    currency: offer.currency,
    geo: offer.geo.join(', '),
    visibility: offer.visibility,
    status: offer.status,
    daily_cap: offer.daily_cap === null ? '' : String(offer.daily_cap),
    trafficback_url: offer.trafficback_url ?? '',
    append_click_id: offer.append_click_id,
    push_created_leads: offer.push_created_leads,
    description: offer.description,
    goals: offer.goals.map((goal) => ({
      key: goal.key,
      name: goal.name,
      aliases: goal.aliases.join(', '),
      adv_payout: goal.adv_payout,
      pub_payout: goal.pub_payout,
      revshare_percent: goal.revshare_percent ?? '',
    })),
    pixel_mode: offer.pixel_mode,
    pixel_max_per_click: String(offer.pixel_max_per_click),
    pixel_require_sig: offer.pixel_require_sig,
    allow_pub_above_adv: offer.allow_pub_above_adv,
  };
}

/** Advertiser payout − publisher payout, exactly; undefined until both are amounts. */
export function offerMargin(adv: string, pub: string, currency: string): string | undefined {
  if (!isCurrencyCode(currency) || amountProblem(adv, currency) || amountProblem(pub, currency))
    return undefined;
  return subtractAmounts(adv, pub, currency);
}

function goalErrors(goals: GoalForm[], currency: string, errors: FieldErrors) {
  const names = new Set<string>();
  goals.forEach((goal, i) => {
    const at = `goals.${i}`;
    if (!/^[a-z0-9][a-z0-9_-]{0,31}$/.test(goal.key)) errors[`${at}.key`] = tr('forms.err.goalKey');
    for (const name of [goal.key, ...splitList(goal.aliases).map((a) => a.toLowerCase())]) {
      if (name && names.has(name)) errors[`${at}.aliases`] = tr('forms.err.goalAlias', { name });
      names.add(name);
    }
    const adv = amountProblem(goal.adv_payout, currency);
    if (adv) errors[`${at}.adv_payout`] = adv;
    const pub = amountProblem(goal.pub_payout, currency);
    if (pub) errors[`${at}.pub_payout`] = pub;
    const share = goal.revshare_percent.trim();
    if (share && (!/^\d{1,3}(\.\d{1,2})?$/.test(share) || compareDecimals(share, '100') > 0)) {
      errors[`${at}.revshare_percent`] = tr('forms.err.percent');
    }
  });
}

export function validateOffer(form: OfferForm): FieldErrors {
  const errors: FieldErrors = {};
  if (form.name.trim() === '') errors.name = tr('forms.err.offerName');
  if (form.advertiser_id === '') errors.advertiser_id = tr('forms.err.advertiser');
  if (!isHttpUrl(form.landing_url)) errors.landing_url = tr('forms.err.landing', { macro: '{click_id}' });
  const currency = form.currency.trim().toUpperCase();
  if (!isCurrencyCode(currency)) errors.currency = tr('forms.err.currency');
  const money = isCurrencyCode(currency) ? currency : 'USD';
  const adv = amountProblem(form.adv_payout, money);
  if (adv) errors.adv_payout = adv;
  const pub = amountProblem(form.pub_payout, money);
  if (pub) errors.pub_payout = pub;
  const geo = parseGeo(form.geo);
  if (geo.invalid.length > 0) errors.geo = tr('forms.err.geo', { codes: geo.invalid.join(', ') });
  if (form.daily_cap.trim() !== '' && !/^\d{1,9}$/.test(form.daily_cap.trim())) {
    errors.daily_cap = tr('forms.err.dailyCap');
  }
  if (form.trafficback_url.trim() !== '' && !isHttpUrl(form.trafficback_url)) {
    errors.trafficback_url = tr('forms.err.trafficback');
  }
  const perClick = form.pixel_max_per_click.trim();
  if (!/^\d{1,4}$/.test(perClick) || Number(perClick) < 1 || Number(perClick) > 1000) {
    errors.pixel_max_per_click = tr('forms.err.perClick');
  }
  goalErrors(form.goals, money, errors);
  return errors;
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The request body; call only after validateOffer found nothing. */
export function offerBody(form: OfferForm) {
  return {
    name: form.name.trim(),
    advertiser_id: form.advertiser_id,
    adv_offer_id: form.adv_offer_id.trim(),
    landing_url: form.landing_url.trim(),
    adv_payout: form.adv_payout.trim(),
    pub_payout: form.pub_payout.trim(),
    currency: form.currency.trim().toUpperCase(),
    geo: parseGeo(form.geo).codes,
    visibility: form.visibility,
    status: form.status,
    daily_cap: form.daily_cap.trim() === '' ? null : Number(form.daily_cap.trim()),
    trafficback_url: form.trafficback_url.trim() === '' ? null : form.trafficback_url.trim(),
    append_click_id: form.append_click_id,
    push_created_leads: form.push_created_leads,
    description: form.description,
    goals: form.goals.map((goal) => ({
      key: goal.key.trim(),
      name: goal.name.trim() || goal.key.trim(),
      aliases: splitList(goal.aliases),
      adv_payout: goal.adv_payout.trim(),
      pub_payout: goal.pub_payout.trim(),
      revshare_percent: goal.revshare_percent.trim() === '' ? null : goal.revshare_percent.trim(),
    })),
    pixel_mode: form.pixel_mode,
    pixel_max_per_click: Number(form.pixel_max_per_click.trim()),
    pixel_require_sig: form.pixel_require_sig,
    allow_pub_above_adv: form.allow_pub_above_adv,
  };
}
