import { describe, expect, it } from 'vitest';
import { describeCondition, EMPTY_RULE, ruleBody, ruleFormErrors, ruleToForm } from './automation-form';

const valid = { ...EMPTY_RULE, name: 'Low approval', threshold: '20', pause_offer: true };

describe('automation rule form', () => {
  it('accepts a complete rule and builds the API body', () => {
    expect(ruleFormErrors(valid)).toEqual({});
    expect(ruleBody({ ...valid, webhook_url: ' https://ops.example/hook ' })).toMatchObject({
      name: 'Low approval',
      target_id: null,
      window_hours: 24,
      min_volume: 10,
      actions: [{ type: 'pause_offer' }, { type: 'alert_admin', webhook_url: 'https://ops.example/hook' }],
    });
  });

  it('names each problem before anything is sent', () => {
    const errors = ruleFormErrors({
      ...EMPTY_RULE,
      threshold: '150',
      window_hours: '0',
      scope: 'publisher',
      pause_offer: true,
      alert_admin: false,
    });
    expect(errors).toMatchObject({
      name: 'Give the rule a name',
      threshold: expect.stringContaining('percent'),
      window_hours: 'Hours from 1 to 720',
      actions: 'Pause offer needs scope offer',
    });
    expect(ruleFormErrors({ ...valid, metric: 'epc', threshold: '12.5%' }).threshold).toBe(
      'An amount, e.g. 0.05',
    );
    expect(ruleFormErrors({ ...valid, metric: 'cap_used', scope: 'all', pause_offer: false }).scope).toBe(
      'cap_used needs scope offer',
    );
    expect(ruleFormErrors({ ...valid, pause_offer: false, alert_admin: false }).actions).toBe(
      'Choose at least one action',
    );
    expect(
      ruleFormErrors({ ...valid, reduce_cap: true, reduce_percent: '100' }).reduce_percent,
    ).toBeDefined();
    expect(ruleFormErrors({ ...valid, webhook_url: 'ftp://x' }).webhook_url).toBe('An http(s) URL');
  });

  it('round-trips a stored rule and describes its condition', () => {
    const body = ruleBody({
      ...valid,
      reduce_cap: true,
      reduce_percent: '30',
      reduce_floor: '5',
      target_id: '7',
    });
    const form = ruleToForm({
      ...body,
      id: '1',
      next_run_at: null,
      last_run_at: null,
      created_at: '',
      updated_at: '',
    });
    expect(ruleBody(form)).toEqual(body);
    expect(describeCondition(body)).toBe('Approval % < 20 over 24 h');
  });
});
