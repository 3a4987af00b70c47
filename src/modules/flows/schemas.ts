import { type Static, Type } from '@sinclair/typebox';
import { Notices, Pagination, Sorting } from '../../http/schemas.js';

/** Every flow code has this shape (generated ones too: src/lib/ids.ts newShortCode). */
export const FLOW_CODE_PATTERN = '^[a-z0-9][a-z0-9_-]{2,31}$';

const Code = Type.String({
  pattern: FLOW_CODE_PATTERN,
  description: 'short code used in /f/:code',
});
const Status = Type.Union([Type.Literal('active'), Type.Literal('paused')]);

export const FlowCreate = Type.Object(
  {
    publisher_id: Type.String({ pattern: '^[0-9]{1,15}$' }),
    offer_id: Type.String({ pattern: '^[0-9]{1,15}$' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    code: Type.Optional(Code),
    status: Type.Optional(Status),
  },
  { additionalProperties: false },
);
export type FlowCreate = Static<typeof FlowCreate>;

/** The publisher portal creates flows for itself: no publisher_id. */
export const OwnFlowCreate = Type.Omit(FlowCreate, ['publisher_id'], { additionalProperties: false });
export type OwnFlowCreate = Static<typeof OwnFlowCreate>;

const PostbackMethod = Type.Union([Type.Literal('GET'), Type.Literal('POST')]);
const PostbackEncoding = Type.Union([Type.Literal('form'), Type.Literal('json')], {
  description: 'how a POST carries the filled URL query: form-encoded or a JSON object',
});

export const FlowUpdate = Type.Partial(
  Type.Object({
    name: Type.String({ minLength: 1, maxLength: 200 }),
    status: Status,
    lead_postback_url: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()], {
      description:
        'fired for every new lead of the flow; macros {lead_id} {click_id} {status} {sub1}… and, set by the operator only, {name} {phone} {email} {comment} {ip} {adv_offer_id}; null removes it',
    }),
    lead_postback_method: PostbackMethod,
    lead_postback_encoding: PostbackEncoding,
  }),
  {
    additionalProperties: false,
  },
);
export type FlowUpdate = Static<typeof FlowUpdate>;

export const Flow = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  publisher_id: Type.String(),
  offer_id: Type.String(),
  status: Type.String(),
  tracking_url: Type.String(),
  lead_postback_url: Type.Union([Type.String(), Type.Null()], {
    description: "in the portal, null when the operator set it (it may hold the network's keys)",
  }),
  lead_postback_method: PostbackMethod,
  lead_postback_encoding: PostbackEncoding,
  lead_postback_set_by: Type.Union([Type.Literal('admin'), Type.Literal('publisher'), Type.Null()]),
  created_at: Type.String(),
  updated_at: Type.String(),
  notices: Notices,
});
export type Flow = Static<typeof Flow>;

/** What the admin's flow list sorts by (src/modules/flows/queries.ts maps each to SQL). */
export const FLOW_SORTS = [
  'id',
  'code',
  'name',
  'status',
  'publisher_id',
  'offer_id',
  'created_at',
  'updated_at',
] as const;
export type FlowSort = (typeof FLOW_SORTS)[number];
/** The publisher's own flows: the same but publisher_id, which is always theirs. */
export const PORTAL_FLOW_SORTS = FLOW_SORTS.filter(
  (name): name is Exclude<FlowSort, 'publisher_id'> => name !== 'publisher_id',
);

export const FlowListQuery = Type.Object(
  {
    ...Pagination,
    ...Sorting(FLOW_SORTS),
    publisher_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
    offer_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
    status: Type.Optional(Status),
    q: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type FlowListQuery = Static<typeof FlowListQuery>;

export const PortalFlowListQuery = Type.Object(
  { ...Pagination, ...Sorting(PORTAL_FLOW_SORTS) },
  { additionalProperties: false },
);
