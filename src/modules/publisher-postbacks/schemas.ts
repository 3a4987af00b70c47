import { type Static, Type } from '@sinclair/typebox';
import { Notices } from '../../http/schemas.js';
import { TRACKER_KEY_PATTERN } from './event-words.js';
import { POSTBACK_EVENTS, POSTBACK_PRESETS } from './presets.js';

const Event = Type.Union(POSTBACK_EVENTS.map((e) => Type.Literal(e)));
/** Only our events are keys; a word is URL-encoded where it lands, so any text up to 64 characters. */
const Words = Type.Partial(
  Type.Object(Object.fromEntries(POSTBACK_EVENTS.map((e) => [e, Type.String({ maxLength: 64 })]))),
  {
    additionalProperties: false,
    description: "event → word sent as {status}, overriding the preset's; an empty word keeps the preset's",
  },
);
const PresetKey = Type.Union(['custom', ...Object.keys(POSTBACK_PRESETS)].map((key) => Type.Literal(key)));
const NumericId = Type.String({ pattern: '^[0-9]{1,15}$' });

export const PostbackCreate = Type.Object(
  {
    preset: Type.Optional(PresetKey),
    domain: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 500,
        description:
          "the tracker's address, for a preset: a host, optionally with a path (Keitaro's postback key: " +
          'tracker.example/KEY, or the whole https://tracker.example/KEY/postback); https unless http:// is written',
      }),
    ),
    tracker_key: Type.Optional(
      Type.String({
        pattern: TRACKER_KEY_PATTERN,
        description:
          "the tracker's token, for a preset that takes one in its query (AlterCPA id, PeerClick userid)",
      }),
    ),
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    method: Type.Optional(Type.Union([Type.Literal('GET'), Type.Literal('POST')])),
    events: Type.Optional(Type.Array(Event, { minItems: 1, uniqueItems: true })),
    offer_id: Type.Optional(Type.Union([NumericId, Type.Null()])),
    flow_id: Type.Optional(Type.Union([NumericId, Type.Null()])),
    status_words: Type.Optional(Words),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  },
  { additionalProperties: false },
);
export type PostbackCreate = Static<typeof PostbackCreate>;

export const PostbackUpdate = Type.Partial(PostbackCreate, { additionalProperties: false });
export type PostbackUpdate = Static<typeof PostbackUpdate>;

export const Postback = Type.Object({
  id: Type.String(),
  publisher_id: Type.String(),
  offer_id: Type.Union([Type.String(), Type.Null()]),
  flow_id: Type.Union([Type.String(), Type.Null()]),
  preset: Type.String(),
  method: Type.String(),
  url: Type.String({ description: 'the URL that fires for events from url_effective_at on' }),
  previous_url: Type.Union([Type.String(), Type.Null()], {
    description: 'still used until url_effective_at',
  }),
  url_effective_at: Type.String(),
  events: Type.Array(Type.String()),
  status_words: Type.Record(Type.String(), Type.String()),
  status: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
  notices: Notices,
});
export type Postback = Static<typeof Postback>;

export const TestPostbackReply = Type.Object({
  url: Type.String(),
  method: Type.String(),
  body: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  response_status: Type.Union([Type.Integer(), Type.Null()]),
  response_body: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  duration_ms: Type.Integer(),
});
