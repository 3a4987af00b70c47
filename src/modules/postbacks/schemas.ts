import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { CodedText, ErrorReply, Pagination, Sorting } from '../../http/schemas.js';
import { InboundProfileSchema } from './inbound-profile.js';

const Text = (maxLength: number, description?: string) =>
  Type.Optional(Type.String({ maxLength, ...(description ? { description } : {}) }));
const ClickId = (description: string) => Text(200, description);
const Word = (description: string) => Text(500, description);

const StatusList = (what: string) => Word(`comma list of status words that mean ${what}`);
const Payout = (who: string) => Text(40, `the advertiser payout (decimal, e.g. 12.34)${who}`);

/**
 * What both postback dialects read alike (src/modules/postbacks/inbound-params.ts): click id
 * aliases, the network's lead id, the advertiser payout under every name networks use, the
 * currency, the status in another parameter, and per-request status lists.
 */
const CommonPostbackParams = {
  click_id: ClickId('our click id; every alias below is a candidate, the first known click is used'),
  clickid: ClickId('same (Keitaro, Affise)'),
  click: ClickId('same'),
  subid: ClickId('same (Binom/Keitaro)'),
  sub_id: ClickId('same (Alfaleads, Keitaro-fed networks)'),
  cid: ClickId('same'),
  data: ClickId('same (KMA: data={data1})'),
  c: ClickId('same (Leadbit → MGID)'),
  mySubID: ClickId('same (Affise-like panels)'),
  tid: ClickId('same (Everflow partner postbacks)'),
  aff_click_id: ClickId('same'),
  tracking_uuid: ClickId('same (Dr.Cash)'),
  transaction_id: ClickId(
    'same (Everflow, HasOffers), only when no other click id is sent: Dr.Cash sends its order id there',
  ),
  lead: Text(200, "the network's own lead id (TrafficManager): finds the lead without a click id"),
  payout: Payout(''),
  pay: Payout(', seed 001'),
  price: Payout(', seed 001'),
  sum: Payout(' (Affise)'),
  amount: Payout(' (Everflow)'),
  revenue: Payout(' (Keitaro)'),
  profit: Payout(''),
  rate: Payout(''),
  wm: Text(40, 'publisher payout'),
  currency: Text(
    8,
    'ISO 4217 code of the payouts; amounts in another currency than the offer’s are converted at the conversion day’s rate (422 naming the currency and day when no rate is known)',
  ),
  cc: Text(8, 'same as currency'),
  cur: Text(8, 'same as currency'),
  status: Word('the status word; see docs/postbacks.md'),
  conv_status: Word('the status word, when status is not sent (Scaleo)'),
  state: Word('the status word, when neither status nor conv_status is sent'),
  sta: StatusList('approved'),
  stc: StatusList('cancelled'),
  stt: StatusList('trash (wrong_number)'),
  sth: StatusList('hold'),
  stw: StatusList('processing'),
  stn: StatusList('a new lead: creates one instead of changing the status'),
  sale_status: StatusList('approved (Keitaro "sale")'),
  lead_status: StatusList(
    'processing (Keitaro "lead"); alone, without any status or other list, it is the status word',
  ),
  rejected_status: StatusList('cancelled (Keitaro, Scaleo)'),
  approved_status: StatusList('approved (Scaleo)'),
  pending_status: StatusList('processing (Scaleo)'),
  trash_status: StatusList('trash, wrong_number (Scaleo)'),
  ignore_status: StatusList('nothing: such a postback is answered "ignored" and changes nothing (Keitaro)'),
};

/** Seed 000: `/postback?click_id=&status=&payout=&comment=&token=`. Other parameters are kept, not refused. */
export const SimplePostbackParams = Type.Object(
  {
    ...CommonPostbackParams,
    status: Word(
      'approved when no status is sent at all; cancelled, wrong_number, processing, hold, chargedback or an alias',
    ),
    comment: Text(20_000, 'advertiser note; special characters stripped, cut to 1000'),
    token: Text(200, "the advertiser's postback token"),
  },
  { additionalProperties: Type.String() },
);

/** Seeds 001/003: `/api/track/postback.json?id=TOKEN&click=…`. */
export const TrackPostbackParams = Type.Object(
  {
    ...CommonPostbackParams,
    id: Text(200, "the advertiser's postback token"),
    token: Text(200, 'same as id'),
    uid: Text(200, "the advertiser's unique lead id"),
    exto: Text(200, 'same as uid'),
    status: Word('new, hold, approve, cancel, trash or any alias; no status at all means a new lead'),
    goal: Text(64, 'goal key or alias'),
    auto: Text(8, '1: create the lead in the given status when the click has none'),
    flow: Text(64, 'flow id (or code) when there is no click id; needs subid'),
    code: Text(64, 'flow code when there is no click id; needs subid'),
    subid: Text(200, 'the unique lead id with flow/code; otherwise a click id candidate and a tag'),
    name: Text(200),
    phone: Text(64),
    email: Text(254),
    comment: Text(20_000, 'comment on the lead'),
    geo: Text(8, 'ISO 3166 country code'),
    ip: Text(64),
    utm_source: Text(500),
    utm_campaign: Text(500),
    utm_content: Text(500),
    utm_term: Text(500),
    utm_medium: Text(500),
    domain: Text(500),
    adid: Text(500),
    data1: Text(500),
    data2: Text(500),
  },
  { additionalProperties: Type.String({ maxLength: 2000 }) },
);

const WarningCodes = Type.Array(CodedText, {
  description:
    'the warnings as stable codes (unused_payout, unused_currency, unused_status) with their values (name, value), in the same order',
});

export const PostbackAnswer = Type.Object(
  {
    result: Type.Union(
      [Type.Literal('ok'), Type.Literal('no-changes'), Type.Literal('ignored'), Type.Literal('queued')],
      {
        description:
          "ignored: the status word is in ignore_status; nothing was looked up or changed. queued: past the conversion's finality window, the change waits for an admin (GET /api/admin/pending-changes)",
      },
    ),
    queued: Type.Optional(
      Type.Object({
        pending_change_id: Type.String(),
        reason: Type.Union([Type.Literal('days'), Type.Literal('paid')]),
        status: Type.Object({ from: Type.String(), to: Type.String() }),
      }),
    ),
    lead_id: Type.Optional(Type.String()),
    conversion_id: Type.Optional(Type.String()),
    lead_created: Type.Boolean(),
    changes: Type.Record(Type.String(), Type.Unknown()),
    converted: Type.Optional(
      Type.Object(
        {
          sent: Type.Optional(Type.String()),
          booked: Type.Optional(Type.String()),
          wm_sent: Type.Optional(Type.String()),
          wm_booked: Type.Optional(Type.String()),
        },
        {
          description:
            "payouts sent in another currency than the conversion's, converted at the conversion day's rate: the advertiser's as sent and as booked, and the publisher's (wm_)",
        },
      ),
    ),
    txid: Type.Optional(
      Type.String({
        description: "the network's transaction id as sent (inbound profile txid_param, else txid)",
      }),
    ),
    warnings: Type.Optional(
      Type.Array(Type.String(), {
        description: 'payout-, currency- or status-looking parameters that were sent and not used',
      }),
    ),
    warning_codes: Type.Optional(WarningCodes),
  },
  { additionalProperties: true },
);

/** A refused postback: the error body, and for a strict advertiser's `unused-params` the warnings as codes. */
export const PostbackRefusal = Type.Composite([
  ErrorReply,
  Type.Object({ warning_codes: Type.Optional(WarningCodes) }),
]);

const DateOrTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+Z?)?$',
  description: 'YYYY-MM-DD (UTC day) or an ISO-8601 UTC time',
});

/** What the postback log sorts by (src/modules/postbacks/queries.ts maps each to SQL). */
export const POSTBACK_LOG_SORTS = [
  'created_at',
  'id',
  'answer_status',
  'answer_code',
  'endpoint',
  'click_id',
  'status',
  'goal',
  'flow_id',
  'ip',
  'duration_ms',
] as const;
export type PostbackLogSort = (typeof POSTBACK_LOG_SORTS)[number];

export const PostbackLogQuery = Type.Object(
  {
    ...Pagination,
    ...Sorting(POSTBACK_LOG_SORTS),
    flow_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
    click_id: Type.Optional(Type.String({ maxLength: 200 })),
    advertiser_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
    answer_status: Type.Optional(
      Type.Integer({ minimum: 100, maximum: 599, description: '200, 403, 404, 422, 500' }),
    ),
    answer_code: Type.Optional(
      Type.String({ maxLength: 40, description: 'ok, no-changes, access, bad-click…' }),
    ),
    endpoint: Type.Optional(Type.String({ maxLength: 40 })),
    from: Type.Optional(DateOrTime),
    to: Type.Optional(DateOrTime),
  },
  { additionalProperties: false },
);
export type PostbackLogQuery = Static<typeof PostbackLogQuery>;

const NullableText = Type.Union([Type.String(), Type.Null()]);

export const PostbackLogEntry = Type.Object({
  id: Type.String(),
  created_at: Type.String(),
  endpoint: Type.String(),
  method: Type.String(),
  ip: Type.String(),
  params: Type.Record(Type.String(), Type.String()),
  unknown_params: Type.Array(Type.String()),
  advertiser_id: NullableText,
  offer_id: NullableText,
  flow_id: NullableText,
  click_id: NullableText,
  lead_id: NullableText,
  conversion_id: NullableText,
  goal: NullableText,
  status: NullableText,
  answer_status: Type.Integer(),
  answer_code: Type.String(),
  message: Type.String(),
  changes: Type.Record(Type.String(), Type.Unknown()),
  duration_ms: Type.Integer(),
  warnings: Type.Array(Type.String(), {
    description: 'parameters that looked like money, a currency or a status and were not used',
  }),
  warning_codes: Type.Array(CodedText, {
    description:
      "the warnings as stable codes (unused_payout, unused_currency, unused_status) with their values (name, value), in the same order; empty for rows logged before: the web app says them in the reader's language",
  }),
});
export type PostbackLogEntry = Static<typeof PostbackLogEntry>;

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const PostbackPreviewBody = Type.Object(
  {
    url: Type.String({
      minLength: 1,
      maxLength: 8000,
      description: 'a postback URL exactly as the network sends it (full URL, or path and query)',
    }),
    profile: Type.Optional(InboundProfileSchema),
  },
  { additionalProperties: false },
);

const Found = Type.Object({ param: Type.String(), value: Type.String() });

export const PostbackPreviewReply = Type.Object({
  endpoint: Type.String(),
  params: Type.Record(Type.String(), Type.String()),
  click: Nullable(Type.Object({ param: Type.String(), id: Type.String() })),
  offer_id: Nullable(Type.String()),
  lead: Nullable(Type.Object({ id: Type.String(), status: Type.String() })),
  lead_created: Type.Boolean({ description: 'the postback would create a lead for the click' }),
  status: Type.Object({
    word: Nullable(Type.String()),
    param: Nullable(Type.String()),
    lands_as: Nullable(Type.String()),
  }),
  payout: Nullable(Type.String()),
  publisher_payout: Nullable(Type.String()),
  currency: Nullable(Type.String()),
  txid: Nullable(Type.String()),
  goal: Nullable(Type.String()),
  warnings: Type.Array(Type.String()),
  warning_codes: Type.Array(CodedText, {
    description: 'the warnings as codes with their values, in the same order (also no_token, wrong_token)',
  }),
  refused: Nullable(Type.Object({ status: Type.Integer(), code: Type.String(), message: Type.String() })),
  outcome: Type.Union([Type.Literal('changes'), Type.Literal('ignored'), Type.Literal('refused')]),
  detected: Type.Object({
    click: Type.Optional(Found),
    lead_id: Type.Optional(Found),
    status: Type.Optional(Found),
    payout: Type.Optional(Found),
    currency: Type.Optional(Found),
    txid: Type.Optional(Found),
    goal: Type.Optional(Found),
  }),
  profile: InboundProfileSchema,
  proposed_profile: InboundProfileSchema,
});

/** An advertiser's inbound profile (its own declaration for the web app: `npm run gen:api-types`). */
export { InboundProfileSchema as InboundProfile };
