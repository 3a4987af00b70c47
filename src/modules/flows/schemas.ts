import { type Static, Type } from '@sinclair/typebox';
import { Pagination, Sorting } from '../../http/schemas.js';

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

export const FlowUpdate = Type.Partial(
  Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), status: Status }),
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
  created_at: Type.String(),
  updated_at: Type.String(),
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
