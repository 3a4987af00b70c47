import { describe, expect, it } from 'vitest';
import { EMPTY_POSTBACK, postbackBody, postbackPreview, postbackProblems } from './postback-form';

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

  it('takes a Keitaro address with its postback key, and refuses one with a query', () => {
    const keitaro = { ...EMPTY_POSTBACK, preset: 'keitaro' };
    expect(postbackProblems({ ...keitaro, domain: 'trk.example.com/a1b2c3d' })).toEqual({});
    expect(postbackProblems({ ...keitaro, domain: 'https://trk.example.com/a1b2c3d/postback' })).toEqual({});
    expect(postbackProblems({ ...keitaro, domain: 'trk.example.com/k/postback?subid=1' }).domain).toContain(
      'without ?',
    );
  });

  it('sends the events in order, the offer scope, and a preset’s address as typed', () => {
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
    ).toMatchObject({ preset: 'binom', domain: 'https://trk.test/', offer_id: '4' });
  });
});

describe('the postback URL preview', () => {
  const presets = [
    {
      key: 'keitaro',
      url: 'https://{domain}/postback?subid={sub1}&status={status}&payout={payout}&currency={currency}&tid={txid}',
      status_words: { approved: 'sale' },
    },
  ];

  it('fills a preset on the tracker host with sample values and the preset’s word for approved', () => {
    expect(
      postbackPreview({ ...EMPTY_POSTBACK, preset: 'keitaro', domain: 'https://trk.example.com/' }, presets),
    ).toBe(
      'https://trk.example.com/postback?subid=sub1-value&status=sale&payout=10.00&currency=USD&tid=TX123',
    );
  });

  it('keeps Keitaro’s key and an explicit http:// in the preview', () => {
    expect(
      postbackPreview(
        { ...EMPTY_POSTBACK, preset: 'keitaro', domain: 'http://trk.example.com/k3y/postback' },
        presets,
      ),
    ).toBe(
      'http://trk.example.com/k3y/postback?subid=sub1-value&status=sale&payout=10.00&currency=USD&tid=TX123',
    );
  });

  it('fills a custom URL, encodes values and leaves an unknown macro as written', () => {
    expect(
      postbackPreview(
        { ...EMPTY_POSTBACK, url: ' https://t.test/pb?c={click_id}&s={status}&x={nope} ' },
        presets,
      ),
    ).toBe('https://t.test/pb?c=CLICK123&s=approved&x={nope}');
  });

  it('shows nothing before there is a host or a URL, or for a preset it does not know', () => {
    expect(postbackPreview(EMPTY_POSTBACK, presets)).toBeUndefined();
    expect(postbackPreview({ ...EMPTY_POSTBACK, preset: 'keitaro' }, presets)).toBeUndefined();
    expect(
      postbackPreview({ ...EMPTY_POSTBACK, preset: 'binom', domain: 'b.test' }, presets),
    ).toBeUndefined();
  });
});
