import { tr } from '../../i18n';
import type { FieldErrors } from '../../lib/validate';

/** A finality window as the server answers it (GET/PUT /api/admin/finality-windows). */
export interface FinalityWindow {
  scope: 'offer' | 'advertiser' | string;
  subject_id: string;
  days: number | null;
  when_paid: boolean;
  updated_at: string;
}

export interface FinalityWindowForm {
  days: string;
  when_paid: boolean;
}

export const MAX_FINALITY_DAYS = 3650;

export function windowToForm(w: FinalityWindow | undefined): FinalityWindowForm {
  return {
    days: w?.days === null || w?.days === undefined ? '' : String(w.days),
    when_paid: w?.when_paid ?? false,
  };
}

/** The server's own limits (days 0–3650), and a window that holds nothing is refused here. */
export function validateFinalityWindow(form: FinalityWindowForm): FieldErrors<'days' | 'window'> {
  const days = form.days.trim();
  if (days !== '' && !/^\d+$/.test(days)) return { days: tr('traffic.finality.daysError') };
  if (days !== '' && Number(days) > MAX_FINALITY_DAYS)
    return { days: tr('traffic.finality.atMost', { count: MAX_FINALITY_DAYS }) };
  if (days === '' && !form.when_paid) return { window: tr('traffic.finality.emptyError') };
  return {};
}

export function finalityWindowBody(form: FinalityWindowForm): { days: number | null; when_paid: boolean } {
  const days = form.days.trim();
  return { days: days === '' ? null : Number(days), when_paid: form.when_paid };
}

/** "after 30 days, or once paid" — what the window holds, in words. */
export function describeWindow(w: Pick<FinalityWindow, 'days' | 'when_paid'>): string {
  const parts: string[] = [];
  if (w.days !== null) parts.push(tr('traffic.finality.afterDays', { count: w.days }));
  if (w.when_paid) parts.push(tr('traffic.finality.oncePaid'));
  return parts.length
    ? tr('traffic.finality.held', { parts: parts.join(tr('traffic.finality.or')) })
    : tr('traffic.finality.holdsNothing');
}
