/** What a publisher's tracker can be told about. */
export const POSTBACK_EVENTS = [
  'lead',
  'hold',
  'approved',
  'cancelled',
  'trash',
  'chargeback',
  'sale',
  'rebill',
] as const;
export type PostbackEvent = (typeof POSTBACK_EVENTS)[number];

/** Events that take money back: some trackers want them with payout 0. */
export const CANCELLATION_EVENTS: readonly PostbackEvent[] = ['cancelled', 'trash', 'chargeback'];
/** Events that bring money: what a tracker without statuses can be told. */
export const PAID_EVENTS: readonly PostbackEvent[] = ['approved', 'sale', 'rebill'];

/** Where a preset's token goes in its URL (`{key}`), for trackers that take one in the query. */
export const KEY_SLOT = '{key}';

export interface PostbackPreset {
  key: string;
  name: string;
  /** `{domain}` is the publisher's tracker address, `{key}` the tracker's token; the rest are our macros. */
  url: string;
  method: 'GET' | 'POST';
  /** The word each event is sent as in {status} (unused by a URL without {status}). */
  statusWords: Record<PostbackEvent, string>;
  /** The events this tracker can be told; anything else would be counted wrong there, so never fires. */
  events: readonly PostbackEvent[];
  /** What a new postback of this preset fires for when no events are picked. */
  defaultEvents: readonly PostbackEvent[];
  /** `zero`: a cancellation, trash or chargeback goes out with payout 0, as the tracker expects. */
  cancelPayout: 'keep' | 'zero';
  /** Where the tracker's own click id goes in our tracking link, so {sub1} brings it back. */
  clickMacro: string;
  /** The tracker's own page on receiving postbacks: where this preset was written from. */
  docsUrl: string;
  /** What the publisher does in the tracker, shown beside the form. */
  setup: string;
  /** The token this tracker takes in its postback query (`{key}` in url). */
  trackerKey?: { param: string; label: string };
  /** The tracker's postback path differs per install, so the typed address must carry it. */
  pathRequired?: boolean;
  /** Why some events are not offered, shown when one is asked for. */
  eventsNote?: string;
}

/**
 * The notes a preset shows a person: `setup` (what to do in the tracker), `events` (why some events
 * are not offered, `eventsNote`) and `trackerKey` (the token field's label). Each has a stable code,
 * the preset's key and the note's id (`keitaro.setup`, `voluum.events`, `peerclick.trackerKey`): the
 * English here is what the API answers; the portal says the code's text in the reader's language
 * (`portal.presetNotes.<code>` in web/src/i18n/<lang>/portal.json, the English there the same as here
 * with codes marked `<c>…</c>`).
 */
export type PresetNoteId = 'setup' | 'events' | 'trackerKey';

export function presetNoteCode(preset: Pick<PostbackPreset, 'key'>, note: PresetNoteId): string {
  return `${preset.key}.${note}`;
}

const ALL = POSTBACK_EVENTS;
const NO_STATUS_NOTE =
  'its postback has no status: every postback it gets is counted as a paid conversion, so only paid events are sent';

/** Words for trackers that only count conversions: unused in their URLs, kept for a custom {status}. */
const PAID_WORDS: Record<PostbackEvent, string> = {
  lead: 'lead',
  hold: 'hold',
  approved: 'approved',
  cancelled: 'cancelled',
  trash: 'trash',
  chargeback: 'chargeback',
  sale: 'sale',
  rebill: 'rebill',
};

/**
 * Ready-made postbacks for trackers, each written from the tracker's own postback page (docsUrl).
 * The tracker's own click id travels in sub1 of our tracking link (e.g. `&sub1={subid}` in
 * Keitaro) and comes back in the postback through {sub1}.
 *
 * Keitaro differs from seed 004's template (`subid={clickid}`) on purpose: Keitaro finds the click by
 * its own subid and ignores a postback whose subid it does not know, and our {clickid} is ours, not
 * Keitaro's. `tid` is kept: Keitaro counts a rebill only with a new transaction id. Its words are
 * the four statuses its page lists (lead, sale, rejected, rebill); seed 004 sends a rebill as sale.
 */
export const POSTBACK_PRESETS: Record<string, PostbackPreset> = {
  keitaro: {
    key: 'keitaro',
    name: 'Keitaro',
    url: 'https://{domain}/postback?subid={sub1}&status={status}&payout={payout}&currency={currency}&tid={txid}',
    method: 'GET',
    clickMacro: '{subid}',
    docsUrl: 'https://docs.keitaro.io/en/conversions/postback.html',
    setup:
      'Keitaro finds a conversion by its own click id, subid, so put sub1={subid} in our tracking link in Keitaro ' +
      '(s1={subid} on a /r referral link): we send that value back as subid. We do not send our click id ' +
      '({clickid}, as some templates do): Keitaro does not know it and would ignore the postback. ' +
      'Tracker address: your Keitaro postback address with its key, e.g. tracker.example.com/a1b2c3d or the ' +
      'whole https://tracker.example.com/a1b2c3d/postback from Maintenance → Postback URL (https unless you ' +
      'write http://). tid carries the payment id, so Keitaro counts each rebill.',
    statusWords: {
      lead: 'lead',
      hold: 'lead',
      approved: 'sale',
      cancelled: 'rejected',
      trash: 'rejected',
      chargeback: 'rejected',
      sale: 'sale',
      rebill: 'sale',
    },
    events: ALL,
    defaultEvents: ALL,
    cancelPayout: 'keep',
  },
  // Binom's cnv_status is free text ("any info"); a repeated cnv_id updates the conversion, so a
  // rejection goes out with payout 0 to take its revenue back. cnv_currency is the payout's currency.
  binom: {
    key: 'binom',
    name: 'Binom v1',
    url: 'https://{domain}/click.php?cnv_id={sub1}&payout={payout}&cnv_status={status}&cnv_currency={currency}',
    method: 'GET',
    clickMacro: '{clickid}',
    docsUrl: 'https://docs.binom.org/postback-url.php',
    setup:
      'Put sub1={clickid} in our tracking link in Binom: we send it back as cnv_id. Tracker address: your ' +
      'Binom domain (with its folder, if Binom is installed in one); the preset adds /click.php. A cancellation ' +
      'is sent with payout 0 so Binom takes the revenue back.',
    statusWords: {
      lead: 'lead',
      hold: 'hold',
      approved: 'approved',
      cancelled: 'rejected',
      trash: 'trash',
      chargeback: 'chargeback',
      sale: 'sale',
      rebill: 'rebill',
    },
    events: ALL,
    defaultEvents: ALL,
    cancelPayout: 'zero',
  },
  // Binom 2 takes the same parameters (payout, cnv_status, cnv_currency: its "Update conversions"
  // page lists them); its postback path is the one its Tracking links settings show.
  binom2: {
    key: 'binom2',
    name: 'Binom v2',
    url: 'https://{domain}?cnv_id={sub1}&payout={payout}&cnv_status={status}&cnv_currency={currency}',
    method: 'GET',
    clickMacro: '{clickid}',
    docsUrl: 'https://docs.binom.org/payout-tracking-v2.php',
    setup:
      'Put sub1={clickid} in our tracking link in Binom: we send it back as cnv_id. Tracker address: the ' +
      'postback address from Binom 2 (Settings → Tracking links) without its ?… part, e.g. ' +
      'tracker.example.com/click — its path is required. A cancellation is sent with payout 0.',
    statusWords: {
      lead: 'lead',
      hold: 'hold',
      approved: 'approved',
      cancelled: 'rejected',
      trash: 'trash',
      chargeback: 'chargeback',
      sale: 'sale',
      rebill: 'rebill',
    },
    events: ALL,
    defaultEvents: ALL,
    cancelPayout: 'zero',
    pathRequired: true,
  },
  // Voluum records every postback with a cid as a conversion; et (conversion type) only works with
  // Custom Conversions defined by the account owner, so it is left out and only money is sent.
  voluum: {
    key: 'voluum',
    name: 'Voluum',
    url: 'https://{domain}/postback?cid={sub1}&payout={payout}&txid={txid}&currency={currency}',
    method: 'GET',
    clickMacro: '{clickid}',
    docsUrl: 'https://doc.voluum.com/article/parameters-in-postback-urls',
    setup:
      'Put sub1={clickid} in our tracking link in Voluum: we send it back as cid. Voluum counts every ' +
      'postback as a conversion, so only paid events (approved, sale, rebill) are sent, each with its own ' +
      'txid. For conversion types (et=), define them in Voluum (Custom Conversions) and use a custom URL ' +
      'with et={status} and your words.',
    statusWords: PAID_WORDS,
    events: PAID_EVENTS,
    defaultEvents: PAID_EVENTS,
    cancelPayout: 'zero',
    eventsNote: NO_STATUS_NOTE,
  },
  // RedTrack's conversion types are case-sensitive names set in Tools → Conversion tracking; Lead,
  // Purchase and Upsell are the ones its pages use. rdtk_event_id lets it drop a repeated postback.
  redtrack: {
    key: 'redtrack',
    name: 'RedTrack',
    url: 'https://{domain}/postback?clickid={sub1}&sum={payout}&type={status}&rdtk_event_id={txid}',
    method: 'GET',
    clickMacro: '{clickid}',
    docsUrl: 'https://help.redtrack.io/knowledgebase/kb/conversion-tracking/tracking-event-types/',
    setup:
      'Put sub1={clickid} in our tracking link in RedTrack: we send it back as clickid. type is the ' +
      'conversion type: add Lead, Purchase and Upsell in Tools → Conversion tracking → Conversion type ' +
      '(names are case-sensitive), or change the words below to yours. A rejection is not a conversion ' +
      'type, so cancellations are not sent.',
    statusWords: {
      lead: 'Lead',
      hold: 'Lead',
      approved: 'Purchase',
      cancelled: 'Rejected',
      trash: 'Rejected',
      chargeback: 'Chargeback',
      sale: 'Purchase',
      rebill: 'Upsell',
    },
    events: ['lead', 'approved', 'sale', 'rebill'],
    defaultEvents: ['lead', 'approved', 'sale', 'rebill'],
    cancelPayout: 'zero',
    eventsNote: 'a RedTrack conversion type counts a conversion; a rejection has none',
  },
  // BeMob passes statuses on as new, confirm, decline and charge; the affiliate network settings map
  // incoming words to its New / Approved / Declined / Chargeback fields.
  bemob: {
    key: 'bemob',
    name: 'BeMob',
    url: 'https://{domain}/postback?cid={sub1}&payout={payout}&txid={txid}&status={status}',
    method: 'GET',
    clickMacro: '{clickId}',
    docsUrl: 'https://help.bemob.com/docs/using-postback-statuses',
    setup:
      'Put sub1={clickId} in our tracking link in BeMob: we send it back as cid. Tick "Use conversion statuses" ' +
      'in the affiliate network settings and enter new, confirm, decline and charge in its New, Approved, ' +
      'Declined and Chargeback fields (or put your words below). A decline is sent with payout 0.',
    statusWords: {
      lead: 'new',
      hold: 'new',
      approved: 'confirm',
      cancelled: 'decline',
      trash: 'decline',
      chargeback: 'charge',
      sale: 'confirm',
      rebill: 'confirm',
    },
    events: ALL,
    defaultEvents: ALL,
    cancelPayout: 'zero',
  },
  peerclick: {
    key: 'peerclick',
    name: 'PeerClick',
    url: 'https://{domain}/postback?userid={key}&cid={sub1}&payout={payout}&txid={txid}&status={status}&currency={currency}',
    method: 'GET',
    clickMacro: '{clickid}',
    docsUrl: 'https://help-center.peerclick.com/en/articles/10512589',
    setup:
      'Put sub1={clickid} in our tracking link in PeerClick: we send it back as cid. Tracker address: ' +
      'pstb.peerclick.com (or your domain); user id: the five-digit userid of your PeerClick postback URL. ' +
      'The words follow the E-commerce status scheme (Settings → Statistics): hold, sale, reject. A reject ' +
      'is sent with payout 0.',
    statusWords: {
      lead: 'hold',
      hold: 'hold',
      approved: 'sale',
      cancelled: 'reject',
      trash: 'reject',
      chargeback: 'reject',
      sale: 'sale',
      rebill: 'sale',
    },
    events: ALL,
    defaultEvents: ALL,
    cancelPayout: 'zero',
    trackerKey: { param: 'userid', label: 'PeerClick user id' },
  },
  // FunnelFlux takes a hit id, a transaction id and revenue; nothing takes a conversion back.
  funnelflux: {
    key: 'funnelflux',
    name: 'FunnelFlux Pro',
    url: 'https://{domain}/pb/?hit={sub1}&tx={txid}&rev={payout}',
    method: 'GET',
    clickMacro: '{hit}',
    docsUrl: 'https://help.funnelflux.pro/en/article/tracking-conversions-1vtfnp5/',
    setup:
      'Put sub1={hit} in our tracking link in FunnelFlux: we send it back as hit. FunnelFlux counts every ' +
      'postback as a conversion, so only paid events are sent, each with its own tx.',
    statusWords: PAID_WORDS,
    events: PAID_EVENTS,
    defaultEvents: PAID_EVENTS,
    cancelPayout: 'keep',
    eventsNote: NO_STATUS_NOTE,
  },
  clickflare: {
    key: 'clickflare',
    name: 'ClickFlare',
    url: 'https://{domain}/cf/cv?click_id={sub1}&payout={payout}&txid={txid}',
    method: 'GET',
    clickMacro: '{cf_click_id}',
    docsUrl: 'https://help.clickflare.io/en/tracking/click-flare-parameters-in-postback-urls',
    setup:
      'Put sub1={cf_click_id} in our tracking link in ClickFlare: we send it back as click_id. ClickFlare ' +
      'counts every postback as a conversion, so only paid events are sent, each with its own txid.',
    statusWords: PAID_WORDS,
    events: PAID_EVENTS,
    defaultEvents: PAID_EVENTS,
    cancelPayout: 'keep',
    eventsNote: NO_STATUS_NOTE,
  },
  adsbridge: {
    key: 'adsbridge',
    name: 'AdsBridge',
    url: 'https://{domain}/trackpixel/track?tid={sub1}&amt={payout}&txid={txid}',
    method: 'GET',
    clickMacro: '{clickid}',
    docsUrl:
      'https://www.adsbridge.com/how-to-track-registrations-and-deposits-in-adsbridge-using-the-txid-parameter/',
    setup:
      "Put AdsBridge's click id token (from the offer URL's token menu) in sub1 of our tracking link: we " +
      'send it back as tid. Use a CPS offer, so ' +
      'AdsBridge counts each payment (its own txid) of one click. Only paid events are sent.',
    statusWords: PAID_WORDS,
    events: PAID_EVENTS,
    defaultEvents: PAID_EVENTS,
    cancelPayout: 'keep',
    eventsNote: NO_STATUS_NOTE,
  },
  // Orbitra reads Keitaro's postback: /<postback_key>/postback with subid, status, payout, currency, tid.
  orbitra: {
    key: 'orbitra',
    name: 'Orbitra',
    url: 'https://{domain}/postback?subid={sub1}&status={status}&payout={payout}&currency={currency}&tid={txid}',
    method: 'GET',
    clickMacro: '{subid}',
    docsUrl: 'https://github.com/fenjo26/Orbitra.link/wiki/Postbacks-and-conversions',
    setup:
      'Put sub1={subid} in our tracking link in Orbitra: we send it back as subid. Tracker address: your ' +
      'Orbitra postback address with its key, e.g. tracker.example.com/a7f3c91e (⚙ → Postback URL).',
    statusWords: {
      lead: 'lead',
      hold: 'lead',
      approved: 'sale',
      cancelled: 'rejected',
      trash: 'trash',
      chargeback: 'rejected',
      sale: 'sale',
      rebill: 'sale',
    },
    events: ALL,
    defaultEvents: ALL,
    cancelPayout: 'keep',
  },
  // AlterCPA's tracker (Red / One) finds the lead by click and takes new, hold, approve, cancel, trash.
  altercpa: {
    key: 'altercpa',
    name: 'AlterCPA tracker',
    url: 'https://{domain}/api/track/postback.json?id={key}&click={sub1}&status={status}&price={payout}&currency={currency}',
    method: 'GET',
    clickMacro: '{click}',
    docsUrl: 'https://altercpa.one/en/postback.html',
    setup:
      'Put sub1={click} in our tracking link in AlterCPA (the flow integration does it when "Automatically ' +
      'add click ID to link" is ticked): we send it back as click. Tracker address: your tracker domain; ' +
      'token: the id=… of its postback sample.',
    statusWords: {
      lead: 'new',
      hold: 'hold',
      approved: 'approve',
      cancelled: 'cancel',
      trash: 'trash',
      chargeback: 'cancel',
      sale: 'approve',
      rebill: 'approve',
    },
    events: ALL,
    defaultEvents: ALL,
    cancelPayout: 'keep',
    trackerKey: { param: 'id', label: 'AlterCPA postback token' },
  },
};

/** Custom postbacks send our own event names as {status}. */
export const CANONICAL_WORDS: Record<PostbackEvent, string> = Object.fromEntries(
  POSTBACK_EVENTS.map((e) => [e, e]),
) as Record<PostbackEvent, string>;
