import { type Static, type TSchema, Type } from '@sinclair/typebox';

/** Schemas shared by many modules' routes. */

export const IdParam = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) });

export const ErrorReply = Type.Object({
  error: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
  /** For a schema failure, the JSON-schema keyword (required, format, minLength…): clients translate it. */
  rule: Type.Optional(Type.String()),
});

export const Pagination = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
};

/**
 * `?sort=<column>&order=asc|desc` for a list. The endpoint checks the name against its allow-list
 * (src/db/sort.ts), so an unknown column is a 400 naming the ones it knows.
 */
export function Sorting(columns: readonly string[]) {
  return {
    sort: Type.Optional(
      Type.String({
        maxLength: 64,
        description: `column to sort by: ${columns.join(', ')}; without it, newest first`,
      }),
    ),
    order: Type.Optional(
      Type.Union([Type.Literal('asc'), Type.Literal('desc')], {
        description: 'asc (default) or desc; empty values sort last either way',
      }),
    ),
  };
}

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    data: Type.Array(item),
    page: Type.Integer(),
    per_page: Type.Integer(),
    total: Type.Integer(),
  });
}

export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

/** A decimal money amount as the API carries it: "10.00". */
/** The values a server-written sentence names, beside its stable code (docs/i18n.md). */
export const TextParams = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]));
export type TextParams = Static<typeof TextParams>;

/** A sentence the server wrote for people, as a stable code and the values it names. */
export const CodedText = Type.Object({ code: Type.String(), params: TextParams });
export type CodedText = Static<typeof CodedText>;

export const Amount = Type.String({ description: 'decimal amount, e.g. "10.00"', maxLength: 20 });

export const Timestamp = Type.String({ format: 'date-time' });

/** On a save answer: what paste hygiene repaired in a URL (lib/paste-hygiene.ts); absent when nothing. */
export const Notices = Type.Optional(
  Type.Array(Type.String(), { description: 'what was repaired in a pasted URL; absent when nothing was' }),
);

export function pageWindow(query: { page?: number; per_page?: number }) {
  const page = query.page ?? 1;
  const perPage = query.per_page ?? 50;
  return { page, perPage, limit: perPage, offset: (page - 1) * perPage };
}

/** Integer ids are exposed as strings (SPEC: every id in URLs and bodies is a string). */
export function idString(id: number): string {
  return String(id);
}

export function parseId(value: string, what: string): number {
  const n = Number(value);
  if (!/^[0-9]{1,15}$/.test(value) || !Number.isSafeInteger(n)) {
    throw new Error(`${what} id must be numeric`);
  }
  return n;
}

/** An optional `tz` query parameter: the IANA zone whose days a report counts in (checked by assertTimeZone). */
export const TimeZoneParam = Type.Optional(
  Type.String({
    maxLength: 64,
    description:
      'IANA time zone (e.g. Asia/Tokyo) whose local days the dates, periods and day rows are; default UTC',
  }),
);
