import { currentLocale } from '../i18n';
/** Pure geometry for the small SVG charts (web/src/components/bar-chart.tsx). */

/** The smallest "nice" number (1, 2, 2.5 or 5 × 10ⁿ) at or above `max`; 1 for nothing to show. */
export function niceCeiling(max: number): number {
  if (!Number.isFinite(max) || max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) {
    const candidate = step * power;
    if (candidate >= max - power * 1e-9) return Number(candidate.toPrecision(12));
  }
  return 10 * power;
}

/**
 * Grid lines from 0 to the nice ceiling in `count` intervals; for counts (`integer`) every line is a
 * whole number, so a top of 2 gives 0, 1, 2 rather than 0, 0.5, … 2.
 */
export function ticks(max: number, count = 4, integer = false): number[] {
  if (integer) {
    const highest = Math.max(1, Math.ceil(max));
    const step = Math.max(1, Math.ceil(niceCeiling(highest / count)));
    const n = Math.ceil(highest / step);
    return Array.from({ length: n + 1 }, (_, i) => i * step);
  }
  const top = niceCeiling(max);
  return Array.from({ length: count + 1 }, (_, i) => Number(((top * i) / count).toPrecision(12)));
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Bars across a plot of `width` × `height`, from the bottom up, scaled to `top` (the highest grid line). */
export function barLayout(values: readonly number[], width: number, height: number, top: number): Bar[] {
  if (values.length === 0 || top <= 0) return [];
  const slot = width / values.length;
  // A thin gap between bars; a few bars on a wide chart stay bars, not slabs (at most 48 wide).
  const barWidth = Math.min(slot - Math.min(slot * 0.25, 8), 48);
  return values.map((value, i) => {
    const h = Math.max(0, (value / top) * height);
    return { x: i * slot + (slot - barWidth) / 2, y: height - h, width: barWidth, height: h };
  });
}

/** Show every n-th label so that at most `room` labels are drawn. */
export function labelEvery(count: number, room: number): number {
  if (count <= room || room <= 0) return 1;
  return Math.ceil(count / room);
}

/** Whether bar `i` of `count` gets its label: every n-th counted from the last, which always has one. */
export function showsLabel(i: number, count: number, every: number): boolean {
  return (count - 1 - i) % every === 0;
}

/** Every day from `from` to `to` inclusive, "YYYY-MM-DD"; at most `limit` days. */
export function daysBetween(from: string, to: string, limit = 400): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && days.length < limit; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** "2026-06-01" → "Jun 1" (UTC calendar, the day as named). */
export function shortDay(day: string, locale?: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(locale ?? currentLocale(), {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}
