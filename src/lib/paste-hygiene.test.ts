import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { cleanPastedUrl } from './paste-hygiene.js';

const knownMacros = ['click_id', 'clickid', 'subid', 'status', 'payout', 'currency', 'sub1'];
const clean = (url: string) => cleanPastedUrl(url, { field: 'url', knownMacros });

function refusal(url: string): ValidationError {
  try {
    clean(url);
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error(`expected ${url} to be refused`);
}

describe('cleanPastedUrl', () => {
  it('keeps a clean URL as it is, with no notices', () => {
    const url = 'https://t.example/postback?subid={click_id}&status={status}&payout={payout}';
    expect(clean(url)).toEqual({ url, notices: [] });
  });

  it('repairs "¤cy=" (HTML ate "&curren") to "&currency=" with a notice', () => {
    const out = clean(
      'https://t.example/k/postback?subid={subid}&status={status}&payout={payout}¤cy={currency}',
    );
    expect(out.url).toBe(
      'https://t.example/k/postback?subid={subid}&status={status}&payout={payout}&currency={currency}',
    );
    expect(out.notices).toEqual(['"¤cy=" → "&currency=" (HTML had turned "&curren" into a symbol)']);
  });

  it('repairs "¶m1=" to "&param1=", and the mojibake and percent-encoded forms', () => {
    expect(clean('https://t.example/pb?cid={click_id}¶m1=x').url).toBe(
      'https://t.example/pb?cid={click_id}&param1=x',
    );
    expect(clean('https://t.example/pb?cid={click_id}\u00c2\u00a4cy=USD').url).toBe(
      'https://t.example/pb?cid={click_id}&currency=USD',
    );
    expect(clean('https://t.example/pb?cid={click_id}%C2%B6m2=y').url).toBe(
      'https://t.example/pb?cid={click_id}&param2=y',
    );
    expect(clean('https://t.example/pb?cid={click_id}®ion=eu×tamp=1').url).toBe(
      'https://t.example/pb?cid={click_id}&region=eu&timestamp=1',
    );
  });

  it('leaves those characters alone inside a value', () => {
    const url = 'https://t.example/pb?cid={click_id}&note=5%C2%A3&sym=¤';
    expect(clean(url)).toEqual({ url, notices: [] });
  });

  it('replaces "&amp;" (also doubled and numeric) by "&" with a notice', () => {
    const out = clean('https://t.example/pb?cid={click_id}&amp;status={status}&amp;amp;x=1&#38;y=2');
    expect(out.url).toBe('https://t.example/pb?cid={click_id}&status={status}&x=1&y=2');
    expect(out.notices).toEqual(['"&amp;" (HTML for "&") replaced by "&"']);
  });

  it('refuses "{}" naming it', () => {
    const err = refusal('https://t.example/pb?cid={}&status={status}');
    expect(err.field).toBe('url');
    expect(err.message).toContain('"{}"');
  });

  it('refuses REPLACE, OPTIONAL, <postback_key> and your-domain, naming each', () => {
    expect(refusal('https://t.example/pb?cid={click_id}&token=REPLACE').message).toContain('"REPLACE"');
    expect(refusal('https://t.example/pb?cid={click_id}&sub=OPTIONAL').message).toContain('"OPTIONAL"');
    expect(refusal('https://t.example/<postback_key>/postback?subid={subid}').message).toContain(
      '"<postback_key>"',
    );
    expect(refusal('https://your-domain.com/postback?subid={subid}').message).toContain('"your-domain"');
    const both = refusal('https://your-domain/pb?cid={}&k=REPLACE_ME').message;
    expect(both).toContain('"your-domain"');
    expect(both).toContain('"{}"');
    expect(both).toContain('"REPLACE_ME"');
  });

  it('refuses the upper-case words our own endpoint hints put in a host', () => {
    expect(refusal('https://api-NETWORK.affise.com/3.0/partner/lead/add').message).toContain('"NETWORK"');
    expect(refusal('https://TRACKER/click_api/v3').message).toContain('"TRACKER"');
    expect(clean('https://t.example/pb?cid={click_id}&type=NETWORK').url).toContain('NETWORK');
  });

  it('does not refuse example hosts, ordinary words or lower-case "optional"', () => {
    for (const url of [
      'https://net.example/pb?cid={click_id}',
      'https://tracker.test/pb?cid={click_id}&mode=optional&what=replace',
      'https://yourstore.example/pb?cid={click_id}',
    ]) {
      expect(clean(url).url).toBe(url);
    }
  });

  it('maps case variants of known macros with a notice', () => {
    const out = clean('https://t.example/pb?a={clickId}&b={CLICK_ID}&c={ClickID}&d={Status}&e={SUBID}');
    expect(out.url).toBe('https://t.example/pb?a={click_id}&b={click_id}&c={click_id}&d={status}&e={subid}');
    expect(out.notices).toContain('{clickId} was read as {click_id}');
    expect(out.notices).toContain('{CLICK_ID} was read as {click_id}');
  });

  it('leaves an unknown macro for the caller to refuse', () => {
    expect(clean('https://t.example/pb?a={aff_sub}').url).toBe('https://t.example/pb?a={aff_sub}');
  });

  it('shows a non-ASCII host in punycode with a warning, keeping port, path and query', () => {
    const out = clean('https://bücher.example:8443/pb?cid={click_id}&q=ü');
    expect(out.url).toBe('https://xn--bcher-kva.example:8443/pb?cid={click_id}&q=ü');
    expect(out.notices).toHaveLength(1);
    expect(out.notices[0]).toContain('xn--bcher-kva.example');
    expect(out.notices[0]).toContain('bücher.example');
  });

  it('punycodes a Cyrillic look-alike host', () => {
    const out = clean('https://\u0440aypal.example/pb?cid={click_id}');
    expect(out.url).toMatch(/^https:\/\/xn--[a-z0-9-]+\.example\/pb\?cid=\{click_id\}$/);
    expect(out.notices[0]).toContain('look-alike');
  });
});
