import { describe, expect, it } from 'vitest';
import { TEMPLATE_VARIABLES } from './presets';
import { linkForPublisher, withSubIds } from './tracking-link';
import {
  isHttpUrl,
  looksLikeIpOrCidr,
  parseGeo,
  parseJsonObject,
  unknownTemplateVariables,
} from './validate';

describe('form checks before sending', () => {
  it('accepts absolute http(s) URLs, macros included', () => {
    expect(isHttpUrl('https://lander.example/keto?click_id={click_id}')).toBe(true);
    expect(isHttpUrl('ftp://files.example')).toBe(false);
    expect(isHttpUrl('lander.example')).toBe(false);
  });

  it('reads GEO as ISO codes and names the entries that are not', () => {
    expect(parseGeo('in, pk bd;IN')).toEqual({ codes: ['IN', 'PK', 'BD'], invalid: [] });
    expect(parseGeo('India, PK')).toEqual({ codes: ['PK'], invalid: ['INDIA'] });
    expect(parseGeo('')).toEqual({ codes: [], invalid: [] });
  });

  it('wants JSON objects for templates and static params', () => {
    expect(parseJsonObject('')).toEqual({});
    expect(parseJsonObject('{"aff_id":"1033667789"}')).toEqual({ value: { aff_id: '1033667789' } });
    expect(parseJsonObject('[1]').error).toMatch(/JSON object/);
    expect(parseJsonObject('{aff_id: 1}').error).toBe('Not valid JSON: see line 1, column 2');
    expect(parseJsonObject('{\n  "a": 1,\n}').error).toBe('Not valid JSON: see line 3, column 1');
  });

  it('names template variables the server does not know', () => {
    expect(unknownTemplateVariables({ phone: '{phone}', x: '{fone}', n: 5 }, TEMPLATE_VARIABLES)).toEqual([
      'fone',
    ]);
  });

  it('recognises addresses and CIDR ranges', () => {
    for (const ok of ['203.0.113.7', '198.51.100.0/24', '2001:db8::1', '2001:db8::/32']) {
      expect(looksLikeIpOrCidr(ok), ok).toBe(true);
    }
    for (const bad of ['300.1.1.1', '10.0.0.0/33', 'example.com', '1.2.3.4/8/1']) {
      expect(looksLikeIpOrCidr(bad), bad).toBe(false);
    }
  });
});

describe('tracking links', () => {
  it('adds sub ids to a link, replacing ones it carries', () => {
    expect(
      withSubIds('http://t.example/click?offer_id=3&pub_id=7&sub1=old', { sub1: 'fb', sub3: ' c1 ' }),
    ).toBe('http://t.example/click?offer_id=3&pub_id=7&sub1=fb&sub3=c1');
    expect(withSubIds('http://t.example/f/abc123', { sub2: 'a b' })).toBe(
      'http://t.example/f/abc123?sub2=a+b',
    );
  });

  it('fills the publisher into the admin’s link template', () => {
    expect(linkForPublisher('http://t.example/click?offer_id=3&pub_id={pub_id}', '12')).toBe(
      'http://t.example/click?offer_id=3&pub_id=12',
    );
  });
});
