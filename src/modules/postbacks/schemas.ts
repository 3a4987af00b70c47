import { type Static, Type } from '@sinclair/typebox';
import { Pagination, Sorting } from '../../http/schemas.js';

const Text = (maxLength: number, description?: string) =>
  Type.Optional(Type.String({ maxLength, ...(description ? { description } : {}) }));
const ClickId = (description: string) => Text(200, description);
const Word = (description: string) => Text(500, description);

/** Seed 000: `/postback?click_id=&status=&payout=&comment=&token=`. Other parameters are kept, not refused. */
export const SimplePostbackParams = Type.Object(
  {
    click_id: ClickId('the click id sent with the lead'),
    clickid: ClickId('same, as Keitaro names it'),
    subid: ClickId('same, as Binom/Keitaro send it'),
    cid: ClickId('same'),
    transaction_id: ClickId('same, HasOffers style'),
    click: ClickId('same'),
    status: Word('approved (default), cancelled, wrong_number, processing, hold, chargedback or an alias'),
    payout: Text(40, 'advertiser payout override, e.g. 10.00'),
    comment: Text(20_000, 'advertiser note; special characters stripped, cut to 1000'),
    token: Text(200, "the advertiser's postback token"),
  },
  { additionalProperties: Type.String() },
);

const StatusList = (what: string) => Word(`comma list of status words that mean ${what}`);

/** Seeds 001/003: `/api/track/postback.json?id=TOKEN&click=…`. */
export const TrackPostbackParams = Type.Object(
  {
    id: Text(200, "the advertiser's postback token"),
    token: Text(200, 'same as id'),
    click: ClickId('click id'),
    click_id: ClickId('same as click'),
    uid: Text(200, "the advertiser's unique lead id"),
    exto: Text(200, 'same as uid'),
    status: Word('new, hold, approve, cancel, trash or any alias; absent means a new lead'),
    goal: Text(64, 'goal key or alias'),
    price: Text(40, 'advertiser payout'),
    pay: Text(40, 'advertiser payout'),
    wm: Text(40, 'publisher payout'),
    currency: Text(8, 'ISO 4217 code of the payouts'),
    cc: Text(8, 'same as currency'),
    sta: StatusList('approved'),
    stc: StatusList('cancelled'),
    stt: StatusList('trash (wrong_number)'),
    sth: StatusList('hold'),
    stw: StatusList('processing'),
    stn: StatusList('a new lead: creates one instead of changing the status'),
    auto: Text(8, '1: create the lead in the given status when the click has none'),
    flow: Text(64, 'flow id (or code) when there is no click id; needs subid'),
    code: Text(64, 'flow code when there is no click id; needs subid'),
    subid: Text(200, 'the unique lead id with flow/code; otherwise a tag'),
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

export const PostbackAnswer = Type.Object(
  {
    result: Type.Union([Type.Literal('ok'), Type.Literal('no-changes')]),
    lead_id: Type.String(),
    conversion_id: Type.String(),
    lead_created: Type.Boolean(),
    changes: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: true },
);

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
});
export type PostbackLogEntry = Static<typeof PostbackLogEntry>;
