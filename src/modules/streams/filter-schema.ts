import { type Static, type TSchema, Type } from '@sinclair/typebox';

/**
 * A stream's filters: a small boolean tree. Leaves name one visitor fact (`type`), groups combine
 * them (`and`, `or`, `not`). Every node has one discriminator, `type`, so an editor can render the
 * tree from this schema alone. A new kind (e.g. `hosting`) is one more leaf here and one more entry
 * in FILTER_KINDS (filters.ts).
 */
const Text = Type.String({ minLength: 1, maxLength: 200 });
const Values = <T extends TSchema>(item: T) => Type.Array(item, { minItems: 1, maxItems: 500 });

export const CountryFilter = Type.Object(
  {
    type: Type.Literal('country'),
    /** ISO 3166-1 alpha-2 codes; `unknown` matches a visitor whose address has no country (loopback, private, unlisted). */
    values: Values(Type.String({ pattern: '^([A-Za-z]{2}|unknown)$' })),
  },
  { additionalProperties: false },
);
/**
 * Regions (first-level subdivisions) by name as DB-IP's city database spells them ("Maharashtra",
 * "California"), compared without case; `IN:Maharashtra` also requires the country (a name such as
 * "Georgia" exists in more than one). `unknown` matches a visitor whose address has no region.
 */
export const RegionFilter = Type.Object(
  {
    type: Type.Literal('region'),
    values: Values(Type.String({ minLength: 1, maxLength: 120, pattern: '^([A-Za-z]{2}:)?[^:]+$' })),
  },
  { additionalProperties: false },
);
export const DeviceFilter = Type.Object(
  {
    type: Type.Literal('device'),
    values: Values(
      Type.Union([
        Type.Literal('desktop'),
        Type.Literal('mobile'),
        Type.Literal('tablet'),
        Type.Literal('tv'),
        Type.Literal('bot'),
        Type.Literal('unknown'),
      ]),
    ),
  },
  { additionalProperties: false },
);
/** Names as bowser reports them (Android, iOS, Windows, macOS, Linux, Chrome OS …), compared without case. */
export const OsFilter = Type.Object(
  { type: Type.Literal('os'), values: Values(Text) },
  { additionalProperties: false },
);
/** Names as bowser reports them (Chrome, Safari, Firefox, Microsoft Edge, Opera, Samsung Internet for Android …). */
export const BrowserFilter = Type.Object(
  { type: Type.Literal('browser'), values: Values(Text) },
  { additionalProperties: false },
);
export const LanguageFilter = Type.Object(
  {
    type: Type.Literal('language'),
    /** BCP 47 tags: `en` matches en, en-US, en-GB; `pt-BR` only pt-BR. */
    values: Values(Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$' })),
    /** primary: the visitor's most preferred language (highest q); any: any language they accept (q > 0). */
    match: Type.Optional(Type.Union([Type.Literal('primary'), Type.Literal('any')])),
  },
  { additionalProperties: false },
);
export const AsnFilter = Type.Object(
  { type: Type.Literal('asn'), values: Values(Type.Integer({ minimum: 0, maximum: 4294967295 })) },
  { additionalProperties: false },
);
/** A case-insensitive substring of the address's AS organisation ("Reliance Jio"). */
export const IspFilter = Type.Object(
  { type: Type.Literal('isp'), values: Values(Text) },
  { additionalProperties: false },
);
export const IpFilter = Type.Object(
  {
    type: Type.Literal('ip'),
    /** IPv4 or IPv6 addresses or CIDR ranges. */
    values: Values(Type.String({ minLength: 2, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export const ReferrerFilter = Type.Object(
  {
    type: Type.Literal('referrer'),
    /** contains: a case-insensitive substring of the Referer; domain: its host is one of values or a subdomain of one; empty: no Referer. */
    match: Type.Union([Type.Literal('contains'), Type.Literal('domain'), Type.Literal('empty')]),
    values: Type.Optional(Values(Text)),
  },
  { additionalProperties: false },
);
export const ParamFilter = Type.Object(
  {
    type: Type.Literal('param'),
    /** sub1…sub10 (also read from s1…s10) or any query parameter. */
    name: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }),
    /** No regular expressions: a visitor controls the text, so only linear-time matches. */
    match: Type.Union([
      Type.Literal('equals'),
      Type.Literal('contains'),
      Type.Literal('starts_with'),
      Type.Literal('ends_with'),
      Type.Literal('exists'),
      Type.Literal('empty'),
    ]),
    values: Type.Optional(Values(Text)),
    case_sensitive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const VisitorFilter = Type.Object(
  {
    type: Type.Literal('visitor'),
    /** unique: this address + user agent has not clicked the offer in the last 24 hours (the click's is_unique). */
    value: Type.Union([Type.Literal('unique'), Type.Literal('repeat')]),
  },
  { additionalProperties: false },
);
const Day = Type.Union([
  Type.Literal('mon'),
  Type.Literal('tue'),
  Type.Literal('wed'),
  Type.Literal('thu'),
  Type.Literal('fri'),
  Type.Literal('sat'),
  Type.Literal('sun'),
]);
const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' });
export const ScheduleFilter = Type.Object(
  {
    type: Type.Literal('schedule'),
    /** An IANA zone (Europe/Berlin, Asia/Kolkata); local wall-clock time, so DST shifts are followed. */
    time_zone: Type.String({ minLength: 1, maxLength: 64 }),
    /** Matches when the local time is in any slot: from inclusive, to exclusive, from < to. */
    slots: Type.Array(
      Type.Object(
        { days: Type.Array(Day, { minItems: 1, maxItems: 7 }), from: Clock, to: Clock },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);

export const FilterLeaf = Type.Union([
  CountryFilter,
  RegionFilter,
  DeviceFilter,
  OsFilter,
  BrowserFilter,
  LanguageFilter,
  AsnFilter,
  IspFilter,
  IpFilter,
  ReferrerFilter,
  ParamFilter,
  VisitorFilter,
  ScheduleFilter,
]);
export type FilterLeaf = Static<typeof FilterLeaf>;

export type FilterNode =
  | FilterLeaf
  | { type: 'and' | 'or'; filters: FilterNode[] }
  | { type: 'not'; filter: FilterNode };

export const FilterGroup = Type.Object(
  {
    type: Type.Union([Type.Literal('and'), Type.Literal('or'), Type.Literal('not')]),
    filters: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 50 })),
    filter: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);

/** Deepest nesting of groups, and most leaves per stream: keeps a stream cheap to evaluate. */
export const MAX_FILTER_DEPTH = 5;
export const MAX_FILTER_LEAVES = 100;
