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
