import { type Static, Type } from '@sinclair/typebox';
import { Nullable, Pagination, Sorting, TextParams } from '../../http/schemas.js';
import { SUB_KEYS } from '../../lib/sub-keys.js';
import { OutboundRequest } from '../outbound/schemas.js';
import { LEAD_STATUSES } from './statuses.js';

// An empty form field counts as left out.
const NumericRef = Type.Union([Type.String({ pattern: '^[0-9]{0,15}$' }), Type.Integer({ minimum: 1 })]);
const Text = (maxLength: number) => Type.String({ maxLength });
const Scalar = Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean(), Type.Null()]);
const Flag = Type.Union([
  Type.Boolean(),
  Type.Integer({ minimum: 0, maximum: 1 }),
  Type.String({ pattern: '^(|0|1|[Tt]rue|[Ff]alse|TRUE|FALSE|yes|no|on|off)$' }),
]);

/** The fields POST /api/lead knows; any other field is kept as a custom field, like meta[xxx]. */
export const SUBMISSION_FIELDS = [
  'click_id',
  'click',
  'offer_id',
  'pub_id',
  'flow',
  'subid',
  'name',
  'phone',
  'email',
  'country',
  'geo',
  'ip',
  'user_agent',
  'address',
  'comment',
  ...SUB_KEYS,
  'meta',
  'test',
] as const;

/** A text field a form may also send as null (a JavaScript form's empty value); null means left out. */
const Field = (maxLength: number) => Type.Optional(Nullable(Text(maxLength)));

/** POST /api/lead, JSON or form-encoded (seed 000 "Lead Submission API", seed 003 lead data fields). */
export const LeadSubmission = Type.Object(
  {
    click_id: Field(64),
    click: Field(64),
    offer_id: Type.Optional(Nullable(NumericRef)),
    pub_id: Type.Optional(Nullable(NumericRef)),
    flow: Field(64),
    subid: Field(200),
    name: Field(200),
    phone: Type.Optional(Type.Union([Text(50), Type.Integer({ minimum: 0 }), Type.Null()])),
    email: Field(254),
    country: Field(8),
    geo: Field(8),
    ip: Field(64),
    user_agent: Field(1000),
    address: Field(500),
    comment: Field(2000),
    sub1: Field(500),
    sub2: Field(500),
    sub3: Field(500),
    sub4: Field(500),
    sub5: Field(500),
    sub6: Field(500),
    sub7: Field(500),
    sub8: Field(500),
    sub9: Field(500),
    sub10: Field(500),
    meta: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Scalar, { maxProperties: 50 })),
    test: Type.Optional(Nullable(Flag)),
  },
  {
    additionalProperties: Scalar,
    maxProperties: 100,
    description:
      'Attribution: click_id (or click), or flow (with an optional unique subid), or offer_id + pub_id. ' +
      'Custom fields: meta: {…}, "meta[xxx]" keys, or any other field.',
  },
);
export type LeadSubmission = Static<typeof LeadSubmission>;

export const LeadAccepted = Type.Object({
  id: Type.String(),
  status: Type.String({ description: 'processing, spam, duplicate or test' }),
});

const LeadStatusLiteral = Type.Union(LEAD_STATUSES.map((s) => Type.Literal(s)));

export const Lead = Type.Object({
  id: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
  source: Type.String(),
  click_id: Nullable(Type.String()),
  offer_id: Type.String(),
  advertiser_id: Type.String(),
  publisher_id: Nullable(Type.String()),
  flow_id: Nullable(Type.String()),
  status: LeadStatusLiteral,
  fraud_rule: Nullable(Type.String()),
  goal: Nullable(Type.String()),
  external_id: Nullable(Type.String()),
  name: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  phone_e164: Nullable(Type.String()),
  email: Nullable(Type.String()),
  country: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  user_agent: Nullable(Type.String()),
  address: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  status_comment: Nullable(Type.String()),
  sub1: Nullable(Type.String()),
  sub2: Nullable(Type.String()),
  sub3: Nullable(Type.String()),
  sub4: Nullable(Type.String()),
  sub5: Nullable(Type.String()),
  sub6: Nullable(Type.String()),
  sub7: Nullable(Type.String()),
  sub8: Nullable(Type.String()),
  sub9: Nullable(Type.String()),
  sub10: Nullable(Type.String()),
  meta: Type.Record(Type.String(), Type.String()),
  tags: Type.Record(Type.String(), Type.Unknown()),
  push_status: Type.String({ description: 'pending, sent, failed or skipped' }),
  push_attempts: Type.Integer(),
  push_error: Nullable(Type.String()),
  push_error_code: Nullable(
    Type.String({
      description:
        "push_error as a stable code (http_status, timeout, network_error, refused, redirected, offer_gone): the web app says it in the reader's language; null when push_error is null or was written before",
    }),
  ),
  /** The values push_error_code's sentence names (host, status, offer_id). */
  push_error_params: Nullable(TextParams),
  adv_lead_id: Nullable(Type.String()),
  pushed_at: Nullable(Type.String()),
  push_maybe_sent: Type.Boolean({
    description:
      'a push attempt was in flight when its process stopped: the advertiser may have received it; the retry carried the same Idempotency-Key',
  }),
});
export type Lead = Static<typeof Lead>;

export const LeadDetail = Type.Intersect([
  Lead,
  Type.Object({
    push_requests: Type.Array(OutboundRequest, { description: 'every push attempt, oldest first' }),
  }),
]);

const NumericId = Type.String({ pattern: '^[0-9]{1,15}$' });
const DateOrTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+Z?)?$',
  description: 'YYYY-MM-DD (UTC day) or an ISO-8601 UTC time',
});
const Contains = (what: string) =>
  Type.Optional(Type.String({ maxLength: 200, description: `${what} contains` }));

/** What the leads table sorts by (src/modules/leads/queries.ts maps each to SQL). */
export const LEAD_SORTS = [
  'created_at',
  'updated_at',
  'id',
  'status',
  'offer_id',
  'publisher_id',
  'name',
  'phone',
  'email',
  'country',
  'ip',
  'goal',
  'push_status',
  'sub1',
  'sub2',
] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

export const LeadListQuery = Type.Object(
  {
    ...Pagination,
    ...Sorting(LEAD_SORTS),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'name, phone, email or click id contains' })),
    status: Type.Optional(
      Type.String({
        maxLength: 200,
        pattern: '^[a-z_]+(,[a-z_]+)*$',
        description: 'one status or a comma list',
      }),
    ),
    push_status: Type.Optional(
      Type.Union(['pending', 'sent', 'failed', 'skipped'].map((s) => Type.Literal(s))),
    ),
    source: Type.Optional(Type.String({ maxLength: 20 })),
    id: Type.Optional(Type.String({ maxLength: 64 })),
    offer_id: Type.Optional(NumericId),
    advertiser_id: Type.Optional(NumericId),
    publisher_id: Type.Optional(NumericId),
    flow_id: Type.Optional(NumericId),
    click_id: Type.Optional(Type.String({ maxLength: 64 })),
    country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
    fraud_rule: Type.Optional(Type.String({ maxLength: 40 })),
    goal: Type.Optional(Type.String({ maxLength: 32 })),
    ip: Type.Optional(Type.String({ maxLength: 64 })),
    external_id: Type.Optional(Type.String({ maxLength: 200 })),
    adv_lead_id: Type.Optional(Type.String({ maxLength: 200 })),
    name: Contains('name'),
    phone: Contains('phone'),
    email: Contains('email'),
    address: Contains('address'),
    comment: Contains('comment'),
    status_comment: Contains('advertiser comment'),
    user_agent: Contains('user agent'),
    sub1: Contains('sub1'),
    sub2: Contains('sub2'),
    sub3: Contains('sub3'),
    sub4: Contains('sub4'),
    sub5: Contains('sub5'),
    sub6: Contains('sub6'),
    sub7: Contains('sub7'),
    sub8: Contains('sub8'),
    sub9: Contains('sub9'),
    sub10: Contains('sub10'),
    from: Type.Optional(DateOrTime),
    to: Type.Optional(DateOrTime),
  },
  { additionalProperties: false },
);
export type LeadListQuery = Static<typeof LeadListQuery>;

export const LeadPage = Type.Object({
  data: Type.Array(Lead),
  page: Type.Integer(),
  per_page: Type.Integer(),
  total: Type.Integer(),
  counts: Type.Record(Type.String(), Type.Integer(), {
    description: 'total and one per status, under every filter but status (the status chip bar)',
  }),
});

export const LeadIdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

const SampleLead = Type.Object(
  {
    name: Type.Optional(Text(200)),
    phone: Type.Optional(Text(50)),
    email: Type.Optional(Text(254)),
    country: Type.Optional(Text(2)),
    ip: Type.Optional(Text(64)),
    click_id: Type.Optional(Text(64)),
    address: Type.Optional(Text(500)),
    comment: Type.Optional(Text(2000)),
    sub1: Type.Optional(Text(500)),
    sub2: Type.Optional(Text(500)),
    sub3: Type.Optional(Text(500)),
    sub4: Type.Optional(Text(500)),
    sub5: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);

export const TestLeadBody = Type.Object(
  {
    send: Type.Optional(
      Type.Boolean({ default: false, description: 'false: dry run, show the request only' }),
    ),
    offer_id: Type.Optional(NumericId),
    lead: Type.Optional(SampleLead),
  },
  { additionalProperties: false },
);
export type TestLeadBody = Static<typeof TestLeadBody>;

const ShownRequest = Type.Object({
  method: Type.String(),
  url: Type.String(),
  headers: Type.Record(Type.String(), Type.String()),
  body: Nullable(Type.String()),
});

export const TestLeadReply = Type.Object({
  sent: Type.Boolean(),
  request: ShownRequest,
  result: Type.Optional(
    Type.Object({
      outcome: Type.String(),
      delivery: Type.String({
        description: 'success, retryable or permanent, as a real push would judge it',
      }),
      status: Nullable(Type.Integer()),
      headers: Nullable(Type.Record(Type.String(), Type.String())),
      body: Nullable(Type.String()),
      error: Nullable(Type.String()),
      duration_ms: Type.Integer(),
      adv_lead_id: Nullable(Type.String()),
    }),
  ),
});
export type TestLeadReply = Static<typeof TestLeadReply>;

export const ImportQuery = Type.Object(
  {
    offer_id: NumericId,
    publisher_id: Type.Optional(NumericId),
    push: Type.Optional(
      Type.Boolean({ default: true, description: 'false: store the leads without pushing them' }),
    ),
  },
  { additionalProperties: false },
);
export type ImportQuery = Static<typeof ImportQuery>;

export const ImportReport = Type.Object({
  offer_id: Type.String(),
  rows: Type.Integer({ description: 'data rows read (the header not counted)' }),
  imported: Type.Integer(),
  failed: Type.Integer(),
  statuses: Type.Record(Type.String(), Type.Integer()),
  custom_fields: Type.Array(Type.String(), { description: 'columns kept as meta' }),
  errors: Type.Array(
    Type.Object({
      row: Type.Integer({ description: 'line number in the file (the header is line 1)' }),
      field: Nullable(Type.String()),
      message: Type.String(),
    }),
  ),
  errors_truncated: Type.Boolean(),
  complete: Type.Boolean({
    description: 'false when a broken line stopped the reading; rows before it are kept',
  }),
});
export type ImportReport = Static<typeof ImportReport>;
