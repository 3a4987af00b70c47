import { type Static, Type } from '@sinclair/typebox';
import { CodedText, Nullable } from '../../http/schemas.js';

const NumericId = Type.String({ pattern: '^[0-9]{1,15}$' });

export const ArmInput = Type.Object(
  {
    /** Keep an arm's id to keep its split-test history; an arm without one is new. */
    id: Type.Optional(NumericId),
    type: Type.Union([
      Type.Literal('offer'),
      Type.Literal('landing'),
      Type.Literal('url'),
      Type.Literal('trafficback'),
    ]),
    /** type offer: the offer (the publisher must be allowed to run it); its landing URL is used. */
    offer_id: Type.Optional(NumericId),
    /** type landing: a hosted site (/s/<slug>/) of the flow's offer. */
    site_id: Type.Optional(NumericId),
    /** type url: an http(s) URL with landing macros ({click_id}, {sub1} …) in its path or query. */
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    /** Relative weight, 0–10,000 (0 parks an arm). Default 1. */
    weight: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
export type ArmInput = Static<typeof ArmInput>;

export const AutoSplit = Type.Object(
  {
    enabled: Type.Boolean(),
    metric: Type.Optional(Type.Union([Type.Literal('cr'), Type.Literal('epc')])),
    /** Each arm keeps at least this percent of the stream's traffic (0–50). Default 10. */
    min_share_pct: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
    /** Clicks every arm needs before weights move. Default 100. */
    min_sample: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);

export const StreamInput = Type.Object(
  {
    id: Type.Optional(NumericId),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    enabled: Type.Optional(Type.Boolean()),
    /** A filter tree (and/or/not groups of leaves, see docs/streams.md); null or absent matches everyone. */
    filters: Type.Optional(Type.Union([Type.Null(), Type.Object({ type: Type.String() })])),
    arms: Type.Array(ArmInput, { minItems: 1, maxItems: 20 }),
    auto: Type.Optional(AutoSplit),
  },
  { additionalProperties: false },
);
export type StreamInput = Static<typeof StreamInput>;

export const StreamsBody = Type.Object(
  { streams: Type.Array(StreamInput, { maxItems: 50 }) },
  { additionalProperties: false },
);
export type StreamsBody = Static<typeof StreamsBody>;

export const Arm = Type.Object({
  id: Type.String(),
  type: Type.String(),
  offer_id: Nullable(Type.String()),
  site_id: Nullable(Type.String()),
  url: Nullable(Type.String()),
  weight: Type.Integer(),
});

export const Stream = Type.Object({
  id: Type.String(),
  position: Type.Integer(),
  name: Type.String(),
  enabled: Type.Boolean(),
  filters: Type.Unknown(),
  arms: Type.Array(Arm),
  auto: Type.Object({
    enabled: Type.Boolean(),
    metric: Type.String(),
    min_share_pct: Type.Integer(),
    min_sample: Type.Integer(),
  }),
});
export type Stream = Static<typeof Stream>;

export const StreamList = Type.Object({ flow_id: Type.String(), streams: Type.Array(Stream) });
export type StreamList = Static<typeof StreamList>;

export const SimulateBody = Type.Object(
  {
    /** The visitor's address; or give only a country to test GEO rules without one. */
    ip: Type.Optional(Type.String({ minLength: 2, maxLength: 64 })),
    country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
    user_agent: Type.Optional(Type.String({ maxLength: 1000 })),
    accept_language: Type.Optional(Type.String({ maxLength: 1000 })),
    referer: Type.Optional(Type.String({ maxLength: 1000 })),
    subs: Type.Optional(
      Type.Record(Type.String({ pattern: '^sub([1-9]|10)$' }), Type.String({ maxLength: 255 })),
    ),
    params: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 500 }))),
    /** The moment to evaluate schedules at (default now). */
    time: Type.Optional(Type.String({ format: 'date-time' })),
    /** Treat the visitor as a repeat visitor (default: what the click history says). */
    repeat: Type.Optional(Type.Boolean()),
    /**
     * An editor's unsaved stream list (the same shape and checks as PUT …/streams) to evaluate
     * instead of the saved one: a live preview. Nothing is saved.
     */
    streams: Type.Optional(Type.Array(StreamInput, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type SimulateBody = Static<typeof SimulateBody>;

const Explained: ReturnType<typeof Type.Unknown> = Type.Unknown();

export const SimulateReply = Type.Object({
  visitor: Type.Object({
    ip: Nullable(Type.String()),
    country: Nullable(Type.String()),
    device: Type.String(),
    os: Type.String(),
    browser: Type.String(),
    languages: Type.Array(Type.String()),
    asn: Nullable(Type.String()),
    /** The address's region (DB-IP city database, region.ts); null for a country-only simulation. */
    region: Nullable(Type.String()),
    unique: Type.Boolean(),
    time: Type.String(),
  }),
  checks: Type.Array(
    Type.Object({ check: Type.String(), passed: Type.Boolean(), skipped: Type.Optional(Type.Boolean()) }),
  ),
  accepted: Type.Boolean(),
  reason: Nullable(Type.String()),
  streams: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      enabled: Type.Boolean(),
      matched: Type.Boolean(),
      filters: Explained,
      /** Matched, but no arm could take the visitor: the English, and each arm's reason coded (messages.streamArm). */
      note: Type.Optional(Type.String()),
      note_reasons: Type.Optional(
        Type.Array(CodedText, {
          description:
            "matched, but no arm can take the visitor: each arm's reason as a code (own_cap_full, site_off, offer_inactive, offer_not_assigned, offer_geo, offer_daily_cap, offer_cap) with the offer it names",
        }),
      ),
    }),
  ),
  stream_id: Nullable(Type.String()),
  arm_id: Nullable(Type.String()),
  /** The chosen stream's position in the list (0-based) and the arm's within it: an unsaved one has no id. */
  stream_index: Nullable(Type.Integer()),
  arm_index: Nullable(Type.Integer()),
  target: Nullable(Type.String()),
  offer_id: Nullable(Type.String()),
  location: Nullable(Type.String()),
});
export type SimulateReply = Static<typeof SimulateReply>;

const Interval = Type.Object({ low: Type.Number(), high: Type.Number() });

export const SplitTestReply = Type.Object({
  flow_id: Type.String(),
  from: Type.String(),
  to: Type.String(),
  streams: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      auto: Type.Boolean(),
      arms: Type.Array(
        Type.Object({
          id: Type.String(),
          type: Type.String(),
          target: Type.String(),
          weight: Type.Integer(),
          clicks: Type.Integer(),
          leads: Type.Integer(),
          /** Leads per click, 0–1, with a 95 % Wilson score interval. */
          cr: Type.Number(),
          cr_ci: Interval,
          /** Approved + hold revenue per click by currency, decimal strings, with a 95 % normal interval. */
          epc: Type.Array(
            Type.Object({
              currency: Type.String(),
              value: Type.String(),
              low: Type.String(),
              high: Type.String(),
            }),
          ),
          /** Accepted clicks and their leads per UTC day (days with clicks only), oldest first. */
          daily: Type.Array(
            Type.Object({ day: Type.String(), clicks: Type.Integer(), leads: Type.Integer() }),
          ),
        }),
      ),
      shifts: Type.Array(
        Type.Object({
          at: Type.String(),
          reason: Type.String(),
          before: Type.Unknown(),
          after: Type.Unknown(),
          stats: Type.Unknown(),
        }),
      ),
    }),
  ),
});
export type SplitTestReply = Static<typeof SplitTestReply>;

export const SplitTestQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
});

export const LandingList = Type.Object({
  data: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String() })),
});
