import { InvalidQueryError } from './errors.js';

/** "2026-06-01" → start of that UTC day; a full ISO time is kept as it is. */
export function rangeStart(value: string): string {
  return value.length === 10 ? `${value}T00:00:00.000Z` : new Date(value).toISOString();
}

/** "2026-06-01" as an end bound includes that whole UTC day (exclusive end = next midnight). */
export function rangeEnd(value: string): string {
  if (value.length !== 10) return new Date(value).toISOString();
  const next = new Date(`${value}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString();
}

export const DAY_MS = 86_400_000;

/*
 * Local days of an IANA time zone, without a library: Intl (Node's ICU) knows every zone's offsets.
 * Reports take a `tz` and count "today", date ranges and day buckets in that zone's days.
 */

export const UTC = 'UTC';

/** Names only ("Asia/Tokyo", "UTC", "Etc/GMT+5"): no "+05:30", which PostgreSQL reads with the sign turned. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

export function isTimeZone(name: string): boolean {
  if (!ZONE_NAME.test(name)) return false;
  try {
    formatterOf(name);
    return true;
  } catch {
    return false;
  }
}

/** A `tz` query parameter: an IANA zone name, else 400 with the reason. */
export function assertTimeZone(name: string, field = 'tz'): string {
  if (!isTimeZone(name)) {
    throw new InvalidQueryError(`${field} must be an IANA time zone name such as Asia/Tokyo or UTC`, field);
  }
  return name;
}

/** The zone's wall clock at an instant, read as if it were UTC, in ms. */
function wallClockMs(instantMs: number, zone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatterOf(zone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
}

/** The zone's offset from UTC at an instant, in whole seconds (positive east of Greenwich). */
export function offsetSeconds(instantMs: number, zone: string): number {
  if (zone === UTC) return 0;
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return (wallClockMs(wholeSecond, zone) - wholeSecond) / 1000;
}

/** The local date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(instantMs: number, zone: string): string {
  return new Date(instantMs + offsetSeconds(instantMs, zone) * 1000).toISOString().slice(0, 10);
}

/** "2026-06-01" + 1 → "2026-06-02" (calendar arithmetic, no zone involved). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The UTC instant a local day starts at: the first instant whose wall clock reads that day. Midnight
 * is read at both offsets around it (a day with a DST change has two); when daylight saving skips
 * midnight itself (Santiago, Beirut), the day starts when the clocks jump, which is the same formula
 * with the offset before the jump.
 */
export function localDayStart(day: string, zone: string): string {
  const midnight = Date.parse(`${day}T00:00:00.000Z`);
  if (zone === UTC) return new Date(midnight).toISOString();
  const offsets = new Set(
    [midnight - DAY_MS, midnight, midnight + DAY_MS].map((t) => offsetSeconds(t, zone)),
  );
  const candidates = [...offsets]
    .map((offset) => midnight - offset * 1000)
    .filter((t) => t + offsetSeconds(t, zone) * 1000 >= midnight)
    .sort((a, b) => a - b);
  return new Date(candidates[0] ?? midnight).toISOString();
}

/** A range of whole local days, `from` through `to` inclusive, as [start, end) UTC instants. */
export function localDayRange(from: string, to: string, zone: string): { start: string; end: string } {
  return { start: localDayStart(from, zone), end: localDayStart(addDays(to, 1), zone) };
}

export interface OffsetSpan {
  /** The first instant the offset applies from (the range's start for the first span). */
  from: string;
  offsetSeconds: number;
}

/** How often the offset is sampled: a zone never changes it twice within six hours. */
const SAMPLE_MS = 6 * 3_600_000;

/**
 * The zone's UTC offsets over [start, end), one span per offset, with the exact instant each change
 * happens (found by halving to the second). SQLite has no zone data; these spans let it turn a UTC
 * timestamp into a local date (db/dialect.ts `localDay`).
 */
export function offsetSpans(zone: string, start: string, end: string): OffsetSpan[] {
  const startMs = Date.parse(start);
  const endMs = Date.parse(end);
  const spans: OffsetSpan[] = [
    { from: new Date(startMs).toISOString(), offsetSeconds: offsetSeconds(startMs, zone) },
  ];
  if (zone === UTC) return spans;
  let before = startMs;
  let current = spans[0]?.offsetSeconds ?? 0;
  while (before < endMs) {
    const after = Math.min(before + SAMPLE_MS, endMs);
    const offset = offsetSeconds(after, zone);
    if (offset !== current) {
      // The change is in (before, after]: halve in whole seconds, as zones change on a second.
      let low = Math.floor(before / 1000);
      let high = Math.ceil(after / 1000);
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (offsetSeconds(middle * 1000, zone) === current) low = middle;
        else high = middle;
      }
      const changeMs = high * 1000;
      if (changeMs < endMs) spans.push({ from: new Date(changeMs).toISOString(), offsetSeconds: offset });
      current = offset;
    }
    before = after;
  }
  return spans;
}
