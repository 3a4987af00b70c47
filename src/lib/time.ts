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
