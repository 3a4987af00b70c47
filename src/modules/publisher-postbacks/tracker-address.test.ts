import { describe, expect, it } from 'vitest';
import { presetUrl } from './tracker-address.js';

const KEITARO =
  'https://{domain}/postback?subid={sub1}&status={status}&payout={payout}&currency={currency}&tid={txid}';
const BINOM = 'https://{domain}/click.php?cnv_id={sub1}&payout={payout}';
const url = (template: string, typed: string) => {
  const r = presetUrl(template, typed);
  return r.ok ? r.url : `problem: ${r.problem}`;
};

describe('a preset postback on the publisher’s tracker address', () => {
  it('puts a bare host behind https', () => {
    expect(url(KEITARO, 'trk.example.com')).toBe(
      'https://trk.example.com/postback?subid={sub1}&status={status}&payout={payout}&currency={currency}&tid={txid}',
    );
    expect(url(BINOM, ' trk.example.com:8443/ ')).toBe(
      'https://trk.example.com:8443/click.php?cnv_id={sub1}&payout={payout}',
    );
  });

  it('keeps Keitaro’s postback key in the path, typed or pasted with /postback', () => {
    const keyed =
      'https://trk.example.com/a1B2c3/postback?subid={sub1}&status={status}&payout={payout}&currency={currency}&tid={txid}';
    expect(url(KEITARO, 'trk.example.com/a1B2c3')).toBe(keyed);
    expect(url(KEITARO, 'https://trk.example.com/a1B2c3/postback')).toBe(keyed);
    expect(url(KEITARO, 'trk.example.com/a1B2c3/postback/')).toBe(keyed);
  });

  it('keeps http:// when it is written', () => {
    expect(url(KEITARO, 'http://203.0.113.7/k3y/postback')).toMatch(
      /^http:\/\/203\.0\.113\.7\/k3y\/postback\?subid=/,
    );
  });

  it('refuses a query, macros, spaces, another scheme or no host', () => {
    expect(url(KEITARO, 'trk.example.com/k/postback?subid={subid}')).toContain('without ?');
    for (const bad of [
      'trk example.com',
      'ftp://trk.example.com',
      'trk.example.com/{sub1}',
      '//trk.example.com',
      '',
      'trk.example.com@evil.example',
      'trk.example.com\\evil',
    ]) {
      expect(url(KEITARO, bad), bad).toMatch(/^problem: a host/);
    }
  });
});
