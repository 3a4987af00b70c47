import { type Static, Type } from '@sinclair/typebox';
import { Pagination, Sorting } from '../../http/schemas.js';

const NumericId = Type.String({ pattern: '^[0-9]{1,15}$' });
// No length limit here: overlong values are cut to SUB_MAX_LENGTH, not refused (the URL itself is bounded by Node's header limit).
const Sub = Type.String();

/** Extra parameters (fbclid, gclid, utm_*) are allowed and kept on the click. */
export const ClickQuery = Type.Object(
  {
    offer_id: NumericId,
    pub_id: NumericId,
    sub1: Type.Optional(Sub),
    sub2: Type.Optional(Sub),
    sub3: Type.Optional(Sub),
    sub4: Type.Optional(Sub),
    sub5: Type.Optional(Sub),
    sub6: Type.Optional(Sub),
    sub7: Type.Optional(Sub),
    sub8: Type.Optional(Sub),
    sub9: Type.Optional(Sub),
    sub10: Type.Optional(Sub),
  },
  { additionalProperties: true },
);

export const FlowClickParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) });
export const OpenQuery = Type.Object({}, { additionalProperties: true });

export const RefQuery = Type.Object(
  {
    ref: Type.String({ minLength: 1, maxLength: 64 }),
    s1: Type.Optional(Sub),
    s2: Type.Optional(Sub),
    fbclid: Type.Optional(Sub),
  },
  { additionalProperties: true },
);

export const Click = Type.Object({
  id: Type.String(),
  created_at: Type.String(),
  source: Type.String(),
  offer_id: Type.Union([Type.String(), Type.Null()]),
  publisher_id: Type.Union([Type.String(), Type.Null()]),
  flow_id: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  reject_reason: Type.Union([Type.String(), Type.Null()]),
  is_unique: Type.Boolean(),
  ip: Type.String(),
  country: Type.Union([Type.String(), Type.Null()]),
  user_agent: Type.String(),
  referer: Type.Union([Type.String(), Type.Null()]),
  sub1: Type.Union([Type.String(), Type.Null()]),
  sub2: Type.Union([Type.String(), Type.Null()]),
  sub3: Type.Union([Type.String(), Type.Null()]),
  sub4: Type.Union([Type.String(), Type.Null()]),
  sub5: Type.Union([Type.String(), Type.Null()]),
  sub6: Type.Union([Type.String(), Type.Null()]),
  sub7: Type.Union([Type.String(), Type.Null()]),
  sub8: Type.Union([Type.String(), Type.Null()]),
  sub9: Type.Union([Type.String(), Type.Null()]),
  sub10: Type.Union([Type.String(), Type.Null()]),
  fbclid: Type.Union([Type.String(), Type.Null()]),
  gclid: Type.Union([Type.String(), Type.Null()]),
  params: Type.Record(Type.String(), Type.String()),
  destination: Type.Union([Type.String(), Type.Null()]),
  /** From a hosting/datacenter/proxy network (fraud rule datacenter_ip). */
  hosting: Type.Boolean(),
  /** What a refused visitor was shown ("K7Q2-9MXD"); search with `ref=`. */
  reference: Type.String(),
});
export type Click = Static<typeof Click>;

const DateOrTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+Z?)?$',
  description: 'YYYY-MM-DD (UTC day) or an ISO-8601 UTC time',
});

/** What the admin's click list sorts by (src/modules/clicks/queries.ts maps each to SQL). */
export const CLICK_SORTS = [
  'created_at',
  'id',
  'status',
  'reject_reason',
  'offer_id',
  'publisher_id',
  'country',
  'ip',
  'source',
  'sub1',
  'destination',
] as const;
export type ClickSort = (typeof CLICK_SORTS)[number];

export const ClickListQuery = Type.Object(
  {
    ...Pagination,
    ...Sorting(CLICK_SORTS),
    offer_id: Type.Optional(NumericId),
    publisher_id: Type.Optional(NumericId),
    flow_id: Type.Optional(NumericId),
    country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
    status: Type.Optional(Type.Union([Type.Literal('accepted'), Type.Literal('rejected')])),
    reject_reason: Type.Optional(Type.String({ maxLength: 40 })),
    /** The reference a refused visitor was shown, e.g. K7Q2-9MXD (case and dash optional). */
    ref: Type.Optional(Type.String({ maxLength: 20 })),
    hosting: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
    from: Type.Optional(DateOrTime),
    to: Type.Optional(DateOrTime),
  },
  { additionalProperties: false },
);
export type ClickListQuery = Static<typeof ClickListQuery>;
