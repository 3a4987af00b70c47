/**
 * Time zones without a library: the API speaks UTC (ISO-8601), the operator picks a zone, and Intl
 * converts on the client (seed 000: "converts all timestamps to any world timezone, client-side").
 */

export const UTC = 'UTC';

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instantMs: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Every zone the browser knows, UTC first. */
export function listTimeZones(): string[] {
  const zones = Intl.supportedValuesOf('timeZone').filter((zone) => zone !== UTC);
  return [UTC, ...zones];
}

/** The zone's offset from UTC at that instant, in ms (positive east of Greenwich). */
export function timeZoneOffsetMs(instantMs: number, timeZone: string): number {
  const w = wallClock(instantMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** "+05:30", "−03:00", "+00:00". */
export function formatOffset(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const sign = offsetMs < 0 ? '-' : '+';
  return `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** "Asia/Kolkata (UTC+05:30)" at the given instant. */
export function timeZoneLabel(timeZone: string, atMs: number = Date.now()): string {
  return `${timeZone} (UTC${formatOffset(timeZoneOffsetMs(atMs, timeZone))})`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "2026-06-01T12:00:00.000Z" in Asia/Kolkata → "2026-06-01 17:30:00"; a bad value is shown as it came. */
export function formatDateTime(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const w = wallClock(ms, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** Today's date ("YYYY-MM-DD") on the wall clock of a zone. */
export function todayIn(timeZone: string, nowMs: number = Date.now()): string {
  const w = wallClock(nowMs, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** "2026-06-01" + 1 → "2026-06-02" (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The UTC instant at which a calendar day starts in a zone: "2026-06-01" in Asia/Kolkata →
 * "2026-05-31T18:30:00.000Z". The offset is read at the guess and again at the answer; when neither
 * lands on 00:00 the day begins inside a daylight-saving gap (Santiago moves 00:00 → 01:00), and the
 * start is the moment the clocks jump, found by halving the interval between the two guesses.
 */
export function zonedDayStart(date: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const midnightAsUtc = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  const first = midnightAsUtc - timeZoneOffsetMs(midnightAsUtc, timeZone);
  const second = midnightAsUtc - timeZoneOffsetMs(first, timeZone);
  const guesses = [Math.min(first, second), Math.max(first, second)];
  const exact = guesses.find(
    (t) => formatDateTime(new Date(t).toISOString(), timeZone) === `${date} 00:00:00`,
  );
  if (exact !== undefined) return new Date(exact).toISOString();
  let [before = first, after = second] = guesses;
  while (after - before > 1000) {
    const middle = before + Math.floor((after - before) / 2000) * 1000;
    if (formatDateTime(new Date(middle).toISOString(), timeZone).slice(0, 10) >= date) after = middle;
    else before = middle;
  }
  return new Date(after).toISOString();
}

export const TIME_ZONE_STORAGE_KEY = 'leadrail.time-zone';

/** The zone to show: the saved choice when it is still valid, else the browser's own. */
export function initialTimeZone(saved: string | null, browserZone: string | undefined): string {
  if (saved && isTimeZone(saved)) return saved;
  if (browserZone && isTimeZone(browserZone)) return browserZone;
  return UTC;
}
