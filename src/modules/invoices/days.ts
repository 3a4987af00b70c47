import { ValidationError } from '../../lib/errors.js';

/** A calendar day that exists ("2026-02-30" does not), else 422 naming the field. */
export function assertDay(value: string, field: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00.000Z`) : undefined;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
    throw new ValidationError(`${field} must be a real day, YYYY-MM-DD`, field, 'day_invalid');
  }
  return value;
}
