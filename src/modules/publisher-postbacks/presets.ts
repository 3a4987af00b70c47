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

export interface PostbackPreset {
  key: string;
  name: string;
  /** `{domain}` is the publisher's tracker host; the rest are our macros. */
  url: string;
  method: 'GET' | 'POST';
  /** The word each event is sent as in {status}. */
  statusWords: Record<PostbackEvent, string>;
  /** Where the tracker's own click id goes in our tracking link, so {sub1} brings it back. */
  clickMacro: string;
  /** The tracker's own page on receiving postbacks. */
  docsUrl?: string;
  /** What the publisher does in the tracker, shown beside the form. */
  setup: string;
}

/**
 * Ready-made postbacks for popular trackers. The tracker's own click id travels in sub1 of our
 * tracking link (e.g. `&sub1={subid}` in Keitaro) and comes back in the postback through {sub1}.
 * Keitaro's words follow seed 004: lead→lead, trial→lead, sale/rebill→sale, refund/chargeback→rejected.
 *
 * Keitaro differs from seed 004's template (`subid={clickid}`) on purpose: Keitaro finds the click by
 * its own subid and ignores a postback whose subid it does not know, and our {clickid} is ours, not
 * Keitaro's. `tid` is kept: Keitaro counts a rebill only with a new transaction id
 * (https://docs.keitaro.io/en/conversions/postback.html, "Postback parameters" and "Rebills").
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
  },
  binom: {
    key: 'binom',
    name: 'Binom',
    url: 'https://{domain}/click.php?cnv_id={sub1}&payout={payout}&cnv_status={status}&event1={event}',
    method: 'GET',
    clickMacro: '{clickid}',
    setup: 'Put sub1={clickid} in our tracking link in Binom: we send it back as cnv_id.',
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
  },
  voluum: {
    key: 'voluum',
    name: 'Voluum',
    url: 'https://{domain}/postback?cid={sub1}&payout={payout}&txid={txid}&et={status}',
    method: 'GET',
    clickMacro: '{clickid}',
    setup: 'Put sub1={clickid} in our tracking link in Voluum: we send it back as cid.',
    statusWords: {
      lead: 'lead',
      hold: 'hold',
      approved: 'approved',
      cancelled: 'cancelled',
      trash: 'trash',
      chargeback: 'chargeback',
      sale: 'sale',
      rebill: 'rebill',
    },
  },
  redtrack: {
    key: 'redtrack',
    name: 'RedTrack',
    url: 'https://{domain}/postback?clickid={sub1}&sum={payout}&type={status}&currency={currency}&transaction_id={txid}',
    method: 'GET',
    clickMacro: '{clickid}',
    setup: 'Put sub1={clickid} in our tracking link in RedTrack: we send it back as clickid.',
    statusWords: {
      lead: 'Lead',
      hold: 'Lead',
      approved: 'Purchase',
      cancelled: 'Rejected',
      trash: 'Rejected',
      chargeback: 'Chargeback',
      sale: 'Purchase',
      rebill: 'Rebill',
    },
  },
};

/** Custom postbacks send our own event names as {status}. */
export const CANONICAL_WORDS: Record<PostbackEvent, string> = Object.fromEntries(
  POSTBACK_EVENTS.map((e) => [e, e]),
) as Record<PostbackEvent, string>;
