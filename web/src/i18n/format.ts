import { formatDateTime } from '../lib/time-zone';
import { currentLocale, type Locale } from './index';

/** 12345 → "12,345" / "12.345" / "12 345" in the app's language. */
export function formatNumber(n: number, locale: Locale = currentLocale()): string {
  return new Intl.NumberFormat(locale).format(n);
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
