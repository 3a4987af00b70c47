import { describe, expect, it } from 'vitest';
import { STATUS_MAP_VALUES } from '../../../../src/modules/conversions/recognise-status.js';
import { INTEGRATION_PRESETS } from '../../lib/presets';
import {
  advertiserBody,
  applyPreset,
  EMPTY_ADVERTISER,
  STATUS_MAP_CHOICES,
  statusMapToRows,
  validateAdvertiser,
} from './advertiser-form-model';

const preset = (id: string) => INTEGRATION_PRESETS.find((p) => p.id === id)!;

describe('the advertiser form', () => {
  it('fills type, encoding and auth location from the seed 000 presets', () => {
    const whocpa = applyPreset(EMPTY_ADVERTISER, preset('whocpa'));
    expect(whocpa).toMatchObject({
      integration_type: 'api_post',
      post_encoding: 'form',
      auth_location: 'body',
    });
    expect(JSON.parse(whocpa.payload_template).phone).toBe('{phone}');
    expect(applyPreset(EMPTY_ADVERTISER, preset('hasoffers'))).toMatchObject({
      post_encoding: 'json',
      auth_location: 'header',
      auth_header_name: 'X-API-Key',
    });
    expect(applyPreset(EMPTY_ADVERTISER, preset('cake'))).toMatchObject({
      integration_type: 's2s_get',
      auth_location: 'query',
      auth_field_name: 'api_key',
    });
  });

  it('keeps a template the operator already typed', () => {
    const typed = { ...EMPTY_ADVERTISER, payload_template: '{"tel":"{phone}"}' };
    expect(applyPreset(typed, preset('whocpa')).payload_template).toBe('{"tel":"{phone}"}');
  });

  it('names every problem before sending', () => {
    const errors = validateAdvertiser({
      ...EMPTY_ADVERTISER,
      endpoint_url: 'api.example.com',
      payload_template: '{"tel":"{fone}"}',
      extra_params: '{aff_id}',
    });
    expect(errors.name).toBe('Enter the company name');
    expect(errors.endpoint_url).toMatch(/http\(s\) URL/);
    expect(errors.payload_template).toBe('Unknown variable: {fone}');
    expect(errors.extra_params).toMatch(/Not valid JSON/);
  });

  it('sends JSON fields as objects and an empty auth key as null', () => {
    const body = advertiserBody({
      ...EMPTY_ADVERTISER,
      name: ' WhoCPA ',
      endpoint_url: 'https://api2.whocpa.asia/lead/add',
      extra_params: '{"aff_id":"1033667789"}',
    });
    expect(body).toMatchObject({
      name: 'WhoCPA',
      auth_key: null,
      payload_template: null,
      extra_params: { aff_id: '1033667789' },
    });
  });

  it('sends the click ID parameter and the automatic box, refusing a name that is not a query parameter', () => {
    const form = {
      ...EMPTY_ADVERTISER,
      name: 'Net',
      endpoint_url: 'https://net.example/lead',
      click_param: ' aff_sub ',
      auto_click_id: true,
    };
    expect(validateAdvertiser(form).click_param).toBeUndefined();
    expect(advertiserBody(form)).toMatchObject({ click_param: 'aff_sub', auto_click_id: true });
    expect(validateAdvertiser({ ...form, click_param: 'a=b&c' }).click_param).toMatch(/query parameter name/);
  });

  it('sends strict postbacks off by default and on when ticked', () => {
    const form = { ...EMPTY_ADVERTISER, name: 'Net', endpoint_url: 'https://net.example/lead' };
    expect(advertiserBody(form)).toMatchObject({ postback_strict: false });
    expect(advertiserBody({ ...form, postback_strict: true })).toMatchObject({ postback_strict: true });
  });
});

describe('the inbound profile on the advertiser form', () => {
  it('sends only the names typed, and reads a saved profile back the same', async () => {
    const { profileOfForm, profileToForm } = await import('./advertiser-form-model');
    const form = {
      ...EMPTY_ADVERTISER,
      inbound_click_params: 'aff_sub, sub1',
      inbound_payout_param: ' commission ',
      inbound_reversal: 'param' as const,
      inbound_reversal_param: 'is_reversal',
    };
    const profile = profileOfForm(form);
    expect(profile).toEqual({
      click_params: ['aff_sub', 'sub1'],
      payout_param: 'commission',
      reversal: 'param',
      reversal_param: 'is_reversal',
    });
    expect(profileOfForm({ ...form, ...profileToForm(profile) })).toEqual(profile);
    expect(profileOfForm(EMPTY_ADVERTISER)).toEqual({});
    expect(validateAdvertiser({ ...form, inbound_reversal_param: '' }).inbound_reversal_param).toBeDefined();
    expect(validateAdvertiser({ ...form, inbound_status_param: 'a b' }).inbound_status_param).toBeDefined();
  });

  it('edits the status word map as rows: their word → our status, saved as status_map', () => {
    expect(statusMapToRows({ status_delivered: 'approved', declined: 'cancelled' })).toEqual([
      { word: 'status_delivered', status: 'approved' },
      { word: 'declined', status: 'cancelled' },
    ]);
    const form = {
      ...EMPTY_ADVERTISER,
      name: 'TM',
      endpoint_url: 'https://tm.example/lead',
      status_map_rows: [
        { word: ' STATUS_DELIVERED ', status: 'approved' as const },
        { word: '', status: 'hold' as const },
        { word: 'STATUS_PENDING', status: 'new' as const },
      ],
    };
    expect(validateAdvertiser(form)).toEqual({});
    expect(advertiserBody(form).status_map).toEqual({ STATUS_DELIVERED: 'approved', STATUS_PENDING: 'new' });
    // Removing every row saves an empty map (the words are forgotten), not the old one.
    expect(advertiserBody({ ...form, status_map_rows: [] }).status_map).toEqual({});
    expect(
      validateAdvertiser({
        ...form,
        status_map_rows: [
          { word: 'paid', status: 'approved' },
          { word: 'PAID', status: 'hold' },
        ],
      }).status_map_rows,
    ).toBe('Each status word once');
    // The choices are the statuses the advertisers API accepts.
    expect([...STATUS_MAP_CHOICES]).toEqual([...STATUS_MAP_VALUES]);
  });
});
