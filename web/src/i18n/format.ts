import { formatDateTime } from '../lib/time-zone';
import { currentLocale, type Locale } from './index';

/** 12345 → "12,345" / "12.345" / "12 345" in the app's language. */
export function formatNumber(n: number, locale: Locale = currentLocale()): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** 1.5 → "1.50" / "1,50" with exactly `digits` decimals (a chart's money ticks). */
export function formatFixed(n: number, digits = 2, locale: Locale = currentLocale()): string {
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(n);
}

/** 0.6667 → "66.67%" / "66,67 %" with exactly `digits` decimals. */
export function formatPercent(fraction: number, locale: Locale = currentLocale(), digits = 2): string {
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(fraction);
}

/**
 * A UTC timestamp on a zone's clock. English keeps the sortable "2026-06-01 17:30:00" the screens
 * always showed; other languages get their own order and month names (Intl).
 */
export function formatDateTimeIn(iso: string, timeZone: string, locale: Locale = currentLocale()): string {
  if (locale === 'en') return formatDateTime(iso, timeZone);
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}

/**
 * A calendar day (`2026-12-06`, as the API and CSV keep it) in the app's language: English keeps the
 * sortable ISO day the screens always showed; other languages get their order and month name
 * (`6 dic 2026`, `6 дек. 2026 г.`, `6 दिस॰ 2026`). Anything that is not a day is shown as it came.
 */
export function formatDay(day: string, locale: Locale = currentLocale()): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (locale === 'en' || !m) return day;
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  }).format(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** How a language writes a day in figures: the order of day, month and year, e.g. ru `06.12.2026`. */
function dayFigures(locale: Locale): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
}

/**
 * A calendar day in figures as a date field shows it in the app's language: `06.12.2026` (ru),
 * `06/12/2026` (es, hi); English keeps the ISO day. `''` and anything that is not a day as they came.
 */
export function formatDayInput(day: string, locale: Locale = currentLocale()): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (locale === 'en' || !m) return day;
  return dayFigures(locale).format(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/**
 * What a person typed in a date field, in their language's order (`6.12.2026`, `06/12/2026`; the
 * ISO day is taken too), as the ISO day; undefined when it is not a day of the calendar.
 */
export function parseDayInput(text: string, locale: Locale = currentLocale()): string | undefined {
  const typed = text.trim();
  let y: number;
  let mo: number;
  let d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(typed);
  if (iso) [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else {
    const numbers = typed.split(/[^\d]+/).filter(Boolean);
    if (locale === 'en' || numbers.length !== 3) return undefined;
    const order = dayFigures(locale)
      .formatToParts(0)
      .map((p) => p.type)
      .filter((t) => t === 'day' || t === 'month' || t === 'year');
    const at = (type: string) => Number(numbers[order.indexOf(type as never)]);
    [y, mo, d] = [at('year'), at('month'), at('day')];
    if ((numbers[order.indexOf('year')] ?? '').length !== 4) return undefined;
  }
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (y < 1000 || back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  return back.toISOString().slice(0, 10);
}

/** `17:30`, `9.05` → `17:30`, `09:05`; undefined when it is not a time of day (24-hour clock). */
export function parseTimeInput(text: string): string | undefined {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return undefined;
  return `${(m[1] ?? '').padStart(2, '0')}:${m[2]}`;
}

/** The moment a day field and a time field say, or `''` while they do not say one. */
export function momentOf(day: string, time: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return '';
  if (time.trim() === '') return `${day}T00:00`;
  const clock = parseTimeInput(time);
  return clock ? `${day}T${clock}` : '';
}
