import { describe, expect, it } from 'vitest';
import {
  advertiserLeadId,
  buildPushRequest,
  fillTemplate,
  type PushSettings,
  type TemplateValues,
} from './push-request.js';

const john: TemplateValues = {
  name: 'John',
  phone: '+919876543210',
  email: 'john@example.com',
  country: 'IN',
  ip: '49.36.0.10',
  click_id: '01KT1GW6G0H2PTE0RGGBQX2MJD',
  adv_offer_id: '6411',
  offer_id: '3',
  offer_name: 'Keto Slim',
  auth_key: 'KEY',
  sub1: 'fb',
  sub2: 'adset 7',
  sub3: '',
  sub4: '',
  sub5: '',
  sub6: '',
  sub7: '',
  sub8: '',
  sub9: '',
  sub10: '',
  comment: '',
  address: '',
  timestamp: '2026-06-01T12:00:00.000Z',
};

const base: PushSettings = {
  integrationType: 'api_post',
  postEncoding: 'json',
  endpointUrl: 'https://api.advertiser.com/leads',
  authKey: 'KEY',
  authLocation: 'header',
  authHeaderName: 'X-API-Key',
  authFieldName: 'api_key',
  payloadTemplate: null,
  extraParams: {},
};

describe('buildPushRequest: the seed 000 examples, byte for byte', () => {
  it('WhoCPA / Affise: form-encoded POST with the key in the body; + in the phone is %2B', () => {
    const request = buildPushRequest(
      {
        ...base,
        endpointUrl: 'https://api2.whocpa.asia/lead/add',
        postEncoding: 'form',
        authLocation: 'body',
        payloadTemplate: { phone: '{phone}', name: '{name}', offer_id: '{adv_offer_id}' },
      },
      john,
    );
    expect(request).toEqual({
      method: 'POST',
      url: 'https://api2.whocpa.asia/lead/add',
      headers: expect.objectContaining({ 'content-type': 'application/x-www-form-urlencoded' }),
      body: 'api_key=KEY&phone=%2B919876543210&name=John&offer_id=6411',
    });
    expect(request.headers).not.toHaveProperty('X-API-Key');
  });

  it('WhoCPA: the full seed template keeps its order, static values and empty fields', () => {
    const template = {
      api_key: '{auth_key}',
      phone: '{phone}',
      name: '{name}',
      comment: '{comment}',
      offer_id: '{adv_offer_id}',
      aff_id: '1033667789',
      ip: '{ip}',
      click_id: '{click_id}',
      source: '{sub1}',
      subid1: '{sub1}',
      subid2: '{sub2}',
      subid3: '{sub3}',
    };
    const request = buildPushRequest(
      { ...base, postEncoding: 'form', authLocation: 'body', payloadTemplate: template },
      john,
    );
    expect(request.body).toBe(
      'api_key=KEY&phone=%2B919876543210&name=John&comment=&offer_id=6411&aff_id=1033667789&ip=49.36.0.10' +
        '&click_id=01KT1GW6G0H2PTE0RGGBQX2MJD&source=fb&subid1=fb&subid2=adset+7&subid3=',
    );
  });

  it('HasOffers / Tune: JSON POST with the key in the X-API-Key header', () => {
    const request = buildPushRequest(
      { ...base, payloadTemplate: { name: '{name}', phone: '{phone}', offer_id: '{adv_offer_id}' } },
      john,
    );
    expect(request).toEqual({
      method: 'POST',
      url: 'https://api.advertiser.com/leads',
      headers: expect.objectContaining({ 'content-type': 'application/json', 'X-API-Key': 'KEY' }),
      body: '{"name":"John","phone":"+919876543210","offer_id":"6411"}',
    });
  });

  it('Cake / HitPath: S2S GET with every field and the key in the query, RFC 3986 encoded', () => {
    const request = buildPushRequest(
      {
        ...base,
        integrationType: 's2s_get',
        endpointUrl: 'https://tracker.com/lead',
        authLocation: 'query',
        payloadTemplate: { phone: '{phone}', name: '{name}' },
      },
      { ...john, name: 'John Smith' },
    );
    expect(request).toEqual({
      method: 'GET',
      url: 'https://tracker.com/lead?api_key=KEY&phone=%2B919876543210&name=John%20Smith',
      headers: expect.not.objectContaining({ 'content-type': expect.anything() }),
    });
    expect(request.body).toBeUndefined();
  });
});

describe('buildPushRequest: templates, defaults and auth', () => {
  it('sends the lead fields under their usual names when there is no template, skipping empty ones', () => {
    const request = buildPushRequest(base, john);
    expect(JSON.parse(request.body!)).toEqual({
      name: 'John',
      phone: '+919876543210',
      email: 'john@example.com',
      country: 'IN',
      ip: '49.36.0.10',
      click_id: '01KT1GW6G0H2PTE0RGGBQX2MJD',
      offer_id: '6411',
      sub1: 'fb',
      sub2: 'adset 7',
    });
  });

  it('fills every variable, keeps static strings, numbers and nested objects, and merges extra_params', () => {
    const request = buildPushRequest(
      {
        ...base,
        authKey: null,
        payloadTemplate: {
          lead: { full_name: '{name}', contacts: ['{phone}', '{email}'] },
          note: 'From {offer_name} (#{offer_id}) at {timestamp}',
          price: 10,
          vip: false,
          aff_id: 'ours',
        },
        extraParams: { aff_id: 'theirs', source: 'leadrail', flag: true },
      },
      john,
    );
    expect(JSON.parse(request.body!)).toEqual({
      lead: { full_name: 'John', contacts: ['+919876543210', 'john@example.com'] },
      note: 'From Keto Slim (#3) at 2026-06-01T12:00:00.000Z',
      price: 10,
      vip: false,
      aff_id: 'ours',
      source: 'leadrail',
      flag: true,
    });
    expect(Object.keys(request.headers).map((h) => h.toLowerCase())).not.toContain('x-api-key');
  });

  it('puts a body-located key in the query of a GET, and a query-located key on a POST URL', () => {
    const get = buildPushRequest(
      { ...base, integrationType: 's2s_get', authLocation: 'body', authFieldName: 'token' },
      john,
    );
    expect(get.url.startsWith('https://api.advertiser.com/leads?token=KEY&name=John&')).toBe(true);
    const post = buildPushRequest(
      {
        ...base,
        endpointUrl: 'https://api.advertiser.com/leads?v=2',
        authLocation: 'query',
        payloadTemplate: { phone: '{phone}' },
      },
      john,
    );
    expect(post.url).toBe('https://api.advertiser.com/leads?v=2&api_key=KEY');
    expect(post.body).toBe('{"phone":"+919876543210"}');
  });

  it('does not add the key twice when the template already sends it, and uses a custom header name', () => {
    const request = buildPushRequest(
      {
        ...base,
        postEncoding: 'form',
        authLocation: 'body',
        payloadTemplate: { phone: '{phone}', api_key: '{auth_key}' },
      },
      john,
    );
    expect(request.body).toBe('phone=%2B919876543210&api_key=KEY');
    const custom = buildPushRequest({ ...base, authHeaderName: 'Authorization-Token' }, john);
    expect(custom.headers['Authorization-Token']).toBe('KEY');
  });

  it('fills variables in the endpoint URL, encoded', () => {
    const request = buildPushRequest(
      { ...base, endpointUrl: 'https://api.advertiser.com/offers/{adv_offer_id}/leads?s={sub2}' },
      john,
    );
    expect(request.url).toBe('https://api.advertiser.com/offers/6411/leads?s=adset%207');
  });

  it('sends nested values as JSON text in form and query encodings', () => {
    const request = buildPushRequest(
      { ...base, postEncoding: 'form', authKey: null, payloadTemplate: { tags: ['{sub1}', 'x'] } },
      john,
    );
    expect(request.body).toBe('tags=%5B%22fb%22%2C%22x%22%5D');
  });
});

describe('fillTemplate', () => {
  it('leaves text without placeholders alone', () => {
    expect(fillTemplate('static', john)).toBe('static');
    expect(fillTemplate(null, john)).toBeNull();
  });
});

describe('advertiserLeadId', () => {
  it('reads the configured field, a dotted path', () => {
    expect(advertiserLeadId('{"data":{"lead_id":"A-1","id":9}}', 'data.lead_id')).toBe('A-1');
    expect(advertiserLeadId('{"id":"X"}', 'data.lead_id')).toBeNull();
  });

  it('tries the usual names in order when none is configured', () => {
    expect(advertiserLeadId('{"status":"ok","id":12345}', null)).toBe('12345');
    expect(advertiserLeadId('{"lead_id":"L-9"}', null)).toBe('L-9');
    expect(advertiserLeadId('{"leadId":"abc"}', null)).toBe('abc');
    expect(advertiserLeadId('{"data":{"id":77}}', null)).toBe('77');
    expect(advertiserLeadId('{"uuid":"3f1c"}', null)).toBe('3f1c');
  });

  it('gives null for an answer that is not JSON or has no id', () => {
    expect(advertiserLeadId('OK', null)).toBeNull();
    expect(advertiserLeadId('{"status":"ok"}', null)).toBeNull();
    expect(advertiserLeadId('[1,2]', null)).toBeNull();
    expect(advertiserLeadId('{"id":{"nested":true}}', null)).toBeNull();
  });
});
