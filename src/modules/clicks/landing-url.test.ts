import { describe, expect, it } from 'vitest';
import { fillString } from '../../lib/template.js';
import { buildDestination, cleanParam, type MacroValues, setQueryParam } from './landing-url.js';

const values: MacroValues = {
  click_id: '01JABCDEF0123456789ABCDEFG',
  offer_id: '7',
  pub_id: '3',
  flow: 'fb-in',
  sub1: 'camp 1&x=2',
  sub2: '',
  sub3: '',
  sub4: '',
  sub5: '',
  sub6: '',
  sub7: '',
  sub8: '',
  sub9: '',
  sub10: '',
  country: 'IN',
  fbclid: 'IwAR0abc',
  gclid: '',
};

describe('landing URL macros', () => {
  it('fills every macro, URL-encoding values', () => {
    const url = buildDestination(
      'https://l.example/p?cid={click_id}&c={click}&o={offer_id}&p={pub_id}&f={flow}&s1={sub1}&geo={country}&fb={fbclid}',
      values,
      null,
    );
    expect(url).toBe(
      'https://l.example/p?cid=01JABCDEF0123456789ABCDEFG&c=01JABCDEF0123456789ABCDEFG&o=7&p=3&f=fb-in&s1=camp%201%26x%3D2&geo=IN&fb=IwAR0abc',
    );
  });

  it('appends click_id only when asked and no click macro is present', () => {
    expect(buildDestination('https://l.example/p?a=1', values, 'click_id')).toBe(
      'https://l.example/p?a=1&click_id=01JABCDEF0123456789ABCDEFG',
    );
    expect(buildDestination('https://l.example/p?a=1', values, null)).toBe('https://l.example/p?a=1');
    expect(buildDestination('https://l.example/?x={click}', values, 'click_id')).toBe(
      'https://l.example/?x=01JABCDEF0123456789ABCDEFG',
    );
  });

  it("appends under the network's parameter with ? or &, keeping the rest of the URL byte for byte", () => {
    const id = values.click_id;
    expect(buildDestination('https://l.example/p', values, 'aff_sub')).toBe(
      `https://l.example/p?aff_sub=${id}`,
    );
    expect(buildDestination('https://l.example/p?', values, 'sub1')).toBe(`https://l.example/p?sub1=${id}`);
    expect(buildDestination('https://l.example/p?s={sub1}#top', values, 'sub1')).toBe(
      `https://l.example/p?s=camp%201%26x%3D2&sub1=${id}#top`,
    );
    expect(buildDestination('https://l.example/p?sub1=old&b=2', values, 'sub1')).toBe(
      `https://l.example/p?sub1=${id}&b=2`,
    );
    expect(setQueryParam('https://l.example/p?a=1', 'sub id', 'x&y')).toBe(
      'https://l.example/p?a=1&sub%20id=x%26y',
    );
  });

  it('cannot be steered into a header injection or another host', () => {
    const evil = { ...values, sub1: cleanParam('x\r\nSet-Cookie: a=b') ?? '', sub2: '//evil.example' };
    const url = buildDestination('https://l.example/{sub2}?s={sub1}', evil, null);
    expect(url).not.toMatch(/[\r\n]/);
    expect(new URL(url).host).toBe('l.example');
  });

  it('gives what filling the whole template and setting the parameter gives, for any template', () => {
    // The reference is the way every click was built before the template was taken apart once.
    const reference = (template: string, v: MacroValues, appendAs: string | null) => {
      const filled = fillString(template, { ...v, click: v.click_id }, encodeURIComponent);
      if (appendAs === null || /\{(click_id|click)\}/.test(template)) return filled;
      return setQueryParam(filled, appendAs, v.click_id);
    };
    const pieces = [
      'https://l.example',
      '/p',
      '?',
      '&',
      '&&',
      '=',
      'a=1',
      '#',
      '#top',
      '{sub1}',
      '{sub2}',
      '{click}',
      '{click_id}',
      '{country}',
      '{foo}',
      '{gclid}',
      'click_id',
      'click_id=x',
      'sub1',
      'sub%31',
      'aff%20sub',
      '%zz',
      's=',
    ];
    const names = [null, 'click_id', 'sub1', 'aff sub', 'a'];
    const subs = ['', 'camp 1&x=2', 'a#b?c', '%41', 'é'];
    let seed = 7;
    const pick = <T>(list: readonly T[]): T => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return list[seed % list.length] as T;
    };
    let checked = 0;
    for (let i = 0; i < 4000; i++) {
      let template = '';
      for (let j = 1 + (i % 7); j > 0; j--) template += pick(pieces);
      const v = { ...values, sub1: pick(subs), sub2: pick(subs), gclid: pick(subs) };
      const appendAs = pick(names);
      // A template built twice takes its kept plan the second time: both must answer alike.
      for (let k = 0; k < 2; k++)
        expect(buildDestination(template, v, appendAs)).toBe(reference(template, v, appendAs));
      checked++;
    }
    expect(checked).toBe(4000);
  });

  it('leaves a placeholder that is no landing macro as written', () => {
    expect(buildDestination('https://l.example/p?x={constructor}&y={foo}', values, null)).toBe(
      'https://l.example/p?x={constructor}&y={foo}',
    );
  });

  it('cleans and cuts sub values', () => {
    expect(cleanParam('a\u0000b\nc')).toBe('abc');
    expect(cleanParam('x'.repeat(300))).toHaveLength(255);
    expect(cleanParam('')).toBeNull();
    expect(cleanParam(['a'])).toBeNull();
  });
});
