import { describe, expect, it } from 'vitest';
import { EMPTY_POSTBACK, postbackBody, postbackProblems } from './postback-form';

describe('publisher postback form', () => {
  it('asks for a URL for a custom postback and a host for a preset', () => {
    expect(postbackProblems(EMPTY_POSTBACK).url).toBeDefined();
    expect(postbackProblems({ ...EMPTY_POSTBACK, url: 'ftp://x' }).url).toBe('An http:// or https:// URL');
    expect(
      postbackProblems({ ...EMPTY_POSTBACK, preset: 'keitaro', domain: 'bad host' }).domain,
    ).toBeDefined();
    expect(postbackProblems({ ...EMPTY_POSTBACK, preset: 'keitaro', domain: 'trk.example.com' })).toEqual({});
    expect(
      postbackProblems({ ...EMPTY_POSTBACK, url: 'https://t.test/pb', events: [] }).events,
    ).toBeDefined();
  });

  it('sends the events in order, the offer scope, and a preset’s host without a scheme', () => {
    expect(
      postbackBody({ ...EMPTY_POSTBACK, url: ' https://t.test/pb?c={click_id} ', events: ['trash', 'lead'] }),
    ).toEqual({
      preset: 'custom',
      url: 'https://t.test/pb?c={click_id}',
      method: 'GET',
      events: ['lead', 'trash'],
      offer_id: null,
    });
    expect(
      postbackBody({ ...EMPTY_POSTBACK, preset: 'binom', domain: 'https://trk.test/', offer_id: '4' }),
    ).toMatchObject({ preset: 'binom', domain: 'trk.test', offer_id: '4' });
  });
});
