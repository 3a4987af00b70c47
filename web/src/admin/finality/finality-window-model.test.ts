import { describe, expect, it } from 'vitest';
import {
  describeWindow,
  finalityWindowBody,
  validateFinalityWindow,
  windowToForm,
} from './finality-window-model';

describe('the finality window form', () => {
  it('accepts days, once paid, or both, and sends them as the API expects', () => {
    expect(validateFinalityWindow({ days: '30', when_paid: false })).toEqual({});
    expect(validateFinalityWindow({ days: '', when_paid: true })).toEqual({});
    expect(validateFinalityWindow({ days: ' 0 ', when_paid: true })).toEqual({});
    expect(finalityWindowBody({ days: ' 30 ', when_paid: true })).toEqual({ days: 30, when_paid: true });
    expect(finalityWindowBody({ days: '', when_paid: true })).toEqual({ days: null, when_paid: true });
  });

  it('names a bad number of days and a window that would hold nothing', () => {
    expect(validateFinalityWindow({ days: '2.5', when_paid: false }).days).toMatch(/whole number/);
    expect(validateFinalityWindow({ days: '-1', when_paid: true }).days).toMatch(/whole number/);
    expect(validateFinalityWindow({ days: 'ten', when_paid: true }).days).toMatch(/whole number/);
    expect(validateFinalityWindow({ days: '3651', when_paid: false }).days).toBe('At most 3650 days');
    expect(validateFinalityWindow({ days: '3650', when_paid: false })).toEqual({});
    expect(validateFinalityWindow({ days: '', when_paid: false }).window).toMatch(/remove it/);
  });

  it('shows a saved window in words and fills the form from it', () => {
    const w = { scope: 'advertiser', subject_id: '1', updated_at: '' };
    expect(describeWindow({ ...w, days: 30, when_paid: true })).toBe(
      'Held after 30 days, or once the publisher was paid',
    );
    expect(describeWindow({ days: 1, when_paid: false })).toBe('Held after 1 day');
    expect(describeWindow({ days: null, when_paid: true })).toBe('Held once the publisher was paid');
    expect(windowToForm({ ...w, days: null, when_paid: true })).toEqual({ days: '', when_paid: true });
    expect(windowToForm(undefined)).toEqual({ days: '', when_paid: false });
  });
});
