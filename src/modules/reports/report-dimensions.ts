import { type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { dialectOf, localDay } from '../../db/dialect.js';
import { parseUserAgent } from '../streams/visitor.js';
import type { Dimension } from './report-groupings.js';

/**
 * How the grouped report's groupings (the list: report-groupings.ts) are read. Each is read from a
 * column of the source row (click, lead or ledger entry). Some are finished in JavaScript: device, OS
 * and browser are parsed from the click's user agent (bowser, as the flow streams do), landing is the
 * click's destination without its query, hour is the hour of day in the report's zone.
 */
export { DIMENSIONS, type Dimension } from './report-groupings.js';

/** Finished in JavaScript from a raw column value. */
const DERIVED: ReadonlySet<Dimension> = new Set(['hour', 'landing', 'device', 'os', 'browser']);
export const isDerived = (d: Dimension) => DERIVED.has(d);

/** Where a source's columns are: the row's own alias, its offer (o), its lead (l), its click (c). */
export interface SourceColumns {
  created: string;
  offer: string;
  publisher: string;
  advertiser: string;
  flow: string;
  country: string;
  /** Alias whose sub1…sub5 apply. */
  subs: 'c' | 'l';
  /** The click's columns (null when the source has no click, e.g. a lead imported without one). */
  userAgent: string;
  destination: string;
}

export interface ReportRange {
  start: string;
  end: string;
  zone: string;
}

/** The SQL value a dimension is grouped by in one source ('' for none). */
export function rawKey(
  ctx: AppContext,
  d: Dimension,
  range: ReportRange,
  t: SourceColumns,
): RawBuilder<string> {
  const text = (column: string) => sql<string>`coalesce(cast(${sql.ref(column)} as text), '')`;
  switch (d) {
    case 'date':
      return localDay(dialectOf(ctx.db), t.created, range.zone, range);
    case 'hour':
      // The UTC hour: turned into the zone's hour of day below.
      return sql<string>`substr(${sql.ref(t.created)}, 1, 13)`;
    case 'offer':
      return text(t.offer);
    case 'publisher':
      return text(t.publisher);
    case 'advertiser':
      return text(t.advertiser);
    case 'flow':
      return text(t.flow);
    case 'country':
      return text(t.country);
    case 'landing':
      return text(t.destination);
    case 'device':
    case 'os':
    case 'browser':
      return text(t.userAgent);
    default:
      return text(`${t.subs}.${d}`);
  }
}

const hourFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's hour of day ("00"…"23") of a UTC hour "YYYY-MM-DDTHH". */
function localHour(utcHour: string, zone: string): string {
  let format = hourFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: zone });
    hourFormats.set(zone, format);
  }
  return format.format(new Date(`${utcHour}:00:00Z`));
}

/** A raw SQL value → the dimension's value shown and filtered on. */
export function finishKey(d: Dimension, raw: string, zone: string): string {
  switch (d) {
    case 'hour':
      return raw ? localHour(raw, zone) : '';
    case 'landing': {
      if (!raw) return '';
      const cut = raw.search(/[?#]/);
      return cut < 0 ? raw : raw.slice(0, cut);
    }
    case 'device':
      return raw ? parseUserAgent(raw).device : '';
    case 'os':
      return raw ? parseUserAgent(raw).os : '';
    case 'browser':
      return raw ? parseUserAgent(raw).browser : '';
    default:
      return raw;
  }
}

/** Names for ids (offer, publisher, advertiser, flow), for the rows' labels. */
export async function labelsOf(ctx: AppContext, d: Dimension): Promise<Map<string, string>> {
  const tables = {
    offer: 'offers',
    publisher: 'publishers',
    advertiser: 'advertisers',
    flow: 'flows',
  } as const;
  if (!(d in tables)) return new Map();
  const table = tables[d as keyof typeof tables];
  const rows = await ctx.db.selectFrom(table).select(['id', 'name']).execute();
  return new Map(rows.map((r) => [String(r.id), r.name]));
}
