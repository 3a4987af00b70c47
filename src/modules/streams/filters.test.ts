import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/errors.js';
import type { FilterNode } from './filter-schema.js';
import { compileFilters } from './filters.js';
import { Visitor, type VisitorFacts } from './visitor.js';

const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const IPAD =
  'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1';
const WINDOWS_FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0';

function visitor(facts: Partial<VisitorFacts> = {}): Visitor {
  return new Visitor({
    ip: '49.36.0.10',
    country: 'IN',
    userAgent: ANDROID,
    acceptLanguage: 'hi-IN,hi;q=0.9,en;q=0.8',
    referer: null,
    params: {},
    unique: true,
    now: new Date('2026-06-01T10:00:00Z'),
    asn: null,
    ...facts,
  });
}

const test = (node: FilterNode, v: Visitor) => compileFilters(node, 'f').test(v);

describe('stream filters', () => {
  it('matches country codes, and `unknown` for an address without a country', () => {
    const f: FilterNode = { type: 'country', values: ['in', 'BD'] };
    expect(test(f, visitor())).toBe(true);
    expect(test(f, visitor({ country: 'US' }))).toBe(false);
    expect(test(f, visitor({ country: null }))).toBe(false);
    expect(test({ type: 'country', values: ['unknown'] }, visitor({ country: null }))).toBe(true);
  });

  it('reads device, OS and browser from the user agent with bowser; a missing agent is unknown', () => {
    expect(test({ type: 'device', values: ['mobile'] }, visitor())).toBe(true);
    expect(test({ type: 'device', values: ['tablet'] }, visitor({ userAgent: IPAD }))).toBe(true);
    expect(test({ type: 'device', values: ['desktop'] }, visitor({ userAgent: WINDOWS_FIREFOX }))).toBe(true);
    expect(test({ type: 'device', values: ['unknown'] }, visitor({ userAgent: '' }))).toBe(true);
    expect(test({ type: 'device', values: ['mobile'] }, visitor({ userAgent: '' }))).toBe(false);
    expect(test({ type: 'os', values: ['ios'] }, visitor({ userAgent: IPHONE }))).toBe(true);
    expect(test({ type: 'os', values: ['Android'] }, visitor({ userAgent: IPHONE }))).toBe(false);
    expect(test({ type: 'browser', values: ['firefox'] }, visitor({ userAgent: WINDOWS_FIREFOX }))).toBe(
      true,
    );
    expect(test({ type: 'browser', values: ['Chrome'] }, visitor())).toBe(true);
    expect(test({ type: 'browser', values: ['Safari'] }, visitor({ userAgent: IPHONE }))).toBe(true);
  });

  it('takes the preferred language by q-value, or any accepted one; q=0 is refused; no header matches nothing', () => {
    const hi: FilterNode = { type: 'language', values: ['hi'] };
    expect(test(hi, visitor())).toBe(true);
    expect(test(hi, visitor({ acceptLanguage: 'en;q=0.5, hi;q=0.9' }))).toBe(true);
    expect(test(hi, visitor({ acceptLanguage: 'hi;q=0.4, en-GB' }))).toBe(false);
    expect(test({ ...hi, match: 'any' }, visitor({ acceptLanguage: 'hi;q=0.4, en-GB' }))).toBe(true);
    expect(test({ ...hi, match: 'any' }, visitor({ acceptLanguage: 'en, hi;q=0' }))).toBe(false);
    expect(test(hi, visitor({ acceptLanguage: null }))).toBe(false);
    expect(test({ type: 'language', values: ['pt-BR'] }, visitor({ acceptLanguage: 'pt-br' }))).toBe(true);
    expect(test({ type: 'language', values: ['pt-BR'] }, visitor({ acceptLanguage: 'pt-PT' }))).toBe(false);
    // `en` covers its regions, not languages that merely start with the letters.
    expect(test({ type: 'language', values: ['en'] }, visitor({ acceptLanguage: 'en-US' }))).toBe(true);
    expect(test({ type: 'language', values: ['en'] }, visitor({ acceptLanguage: 'eng' }))).toBe(false);
  });

  it('matches IPv4 and IPv6 ranges at their edges', () => {
    const f: FilterNode = { type: 'ip', values: ['10.0.0.0/8', '2001:db8::/32', '203.0.113.7'] };
    expect(test(f, visitor({ ip: '10.0.0.0' }))).toBe(true);
    expect(test(f, visitor({ ip: '10.255.255.255' }))).toBe(true);
    expect(test(f, visitor({ ip: '11.0.0.0' }))).toBe(false);
    expect(test(f, visitor({ ip: '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff' }))).toBe(true);
    expect(test(f, visitor({ ip: '2001:db9::' }))).toBe(false);
    expect(test(f, visitor({ ip: '203.0.113.7' }))).toBe(true);
    expect(test(f, visitor({ ip: '203.0.113.8' }))).toBe(false);
    expect(test(f, visitor({ ip: '' }))).toBe(false);
    expect(() => compileFilters({ type: 'ip', values: ['10.0.0.0/33'] }, 'f')).toThrow(ValidationError);
  });

  it('matches the referrer by text or by domain and subdomain, and an empty one', () => {
    const v = visitor({ referer: 'https://m.Facebook.com/story?id=1' });
    expect(test({ type: 'referrer', match: 'domain', values: ['facebook.com'] }, v)).toBe(true);
    expect(test({ type: 'referrer', match: 'domain', values: ['book.com'] }, v)).toBe(false);
    expect(test({ type: 'referrer', match: 'contains', values: ['story'] }, v)).toBe(true);
    expect(test({ type: 'referrer', match: 'empty' }, v)).toBe(false);
    expect(test({ type: 'referrer', match: 'empty' }, visitor())).toBe(true);
    expect(
      test(
        { type: 'referrer', match: 'domain', values: ['facebook.com'] },
        visitor({ referer: 'not a url' }),
      ),
    ).toBe(false);
  });

  it('matches sub ids and any query parameter without regular expressions', () => {
    const v = visitor({ params: { sub1: 'Camp-42', utm_source: 'tiktok' } });
    expect(test({ type: 'param', name: 'sub1', match: 'equals', values: ['camp-42'] }, v)).toBe(true);
    expect(
      test({ type: 'param', name: 'sub1', match: 'equals', values: ['camp-42'], case_sensitive: true }, v),
    ).toBe(false);
    expect(test({ type: 'param', name: 'sub1', match: 'starts_with', values: ['camp'] }, v)).toBe(true);
    expect(test({ type: 'param', name: 'sub1', match: 'ends_with', values: ['42'] }, v)).toBe(true);
    expect(test({ type: 'param', name: 'utm_source', match: 'contains', values: ['tok'] }, v)).toBe(true);
    expect(test({ type: 'param', name: 'sub2', match: 'exists' }, v)).toBe(false);
    expect(test({ type: 'param', name: 'sub2', match: 'empty' }, v)).toBe(true);
    // A pattern-looking value is plain text: no user regex ever runs against a visitor's input.
    expect(test({ type: 'param', name: 'sub1', match: 'contains', values: ['(a+)+$'] }, v)).toBe(false);
  });

  it('tells unique from repeat visitors', () => {
    expect(test({ type: 'visitor', value: 'unique' }, visitor())).toBe(true);
    expect(test({ type: 'visitor', value: 'repeat' }, visitor())).toBe(false);
    expect(test({ type: 'visitor', value: 'repeat' }, visitor({ unique: false }))).toBe(true);
  });

  it('matches ASN and ISP when the address has one, and nothing when it is unknown', () => {
    const jio = visitor({ asn: { number: 55836, organisation: 'Reliance Jio Infocomm Limited' } });
    expect(test({ type: 'asn', values: [55836] }, jio)).toBe(true);
    expect(test({ type: 'isp', values: ['jio'] }, jio)).toBe(true);
    expect(test({ type: 'asn', values: [55836] }, visitor())).toBe(false);
    expect(test({ type: 'isp', values: ['jio'] }, visitor())).toBe(false);
  });

  it('follows DST in a weekly schedule: 09:00–18:00 Berlin is 07:00 UTC in summer, 08:00 UTC in winter', () => {
    const f: FilterNode = {
      type: 'schedule',
      time_zone: 'Europe/Berlin',
      slots: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00' }],
    };
    // Monday 2026-06-01 (CEST, UTC+2) and Monday 2026-11-02 (CET, UTC+1).
    expect(test(f, visitor({ now: new Date('2026-06-01T06:59:59Z') }))).toBe(false);
    expect(test(f, visitor({ now: new Date('2026-06-01T07:00:00Z') }))).toBe(true);
    expect(test(f, visitor({ now: new Date('2026-06-01T15:59:59Z') }))).toBe(true);
    expect(test(f, visitor({ now: new Date('2026-06-01T16:00:00Z') }))).toBe(false);
    expect(test(f, visitor({ now: new Date('2026-11-02T07:30:00Z') }))).toBe(false);
    expect(test(f, visitor({ now: new Date('2026-11-02T08:00:00Z') }))).toBe(true);
    expect(test(f, visitor({ now: new Date('2026-11-02T16:59:00Z') }))).toBe(true);
    // Saturday is outside the slot's days.
    expect(test(f, visitor({ now: new Date('2026-06-06T10:00:00Z') }))).toBe(false);
  });

  it('on the spring-forward night a slot across the skipped hour still starts at the first real minute', () => {
    // 2026-03-29: Berlin clocks jump 02:00 → 03:00 (01:00 UTC). A 02:00–04:00 Sunday slot runs 01:00–02:00 UTC.
    const f: FilterNode = {
      type: 'schedule',
      time_zone: 'Europe/Berlin',
      slots: [{ days: ['sun'], from: '02:00', to: '04:00' }],
    };
    expect(test(f, visitor({ now: new Date('2026-03-29T00:59:00Z') }))).toBe(false);
    expect(test(f, visitor({ now: new Date('2026-03-29T01:00:00Z') }))).toBe(true);
    expect(test(f, visitor({ now: new Date('2026-03-29T01:59:00Z') }))).toBe(true);
    expect(test(f, visitor({ now: new Date('2026-03-29T02:00:00Z') }))).toBe(false);
  });

  it('refuses an unknown time zone, a slot that ends before it starts, and an unknown filter type', () => {
    expect(() =>
      compileFilters(
        {
          type: 'schedule',
          time_zone: 'Mars/Olympus',
          slots: [{ days: ['mon'], from: '09:00', to: '10:00' }],
        },
        'f',
      ),
    ).toThrow(/IANA/);
    expect(() =>
      compileFilters(
        { type: 'schedule', time_zone: 'UTC', slots: [{ days: ['mon'], from: '10:00', to: '09:00' }] },
        'f',
      ),
    ).toThrow(/before/);
    expect(() => compileFilters({ type: 'moon_phase' } as never, 'f')).toThrow(/unknown filter type/);
    expect(() => compileFilters({ type: 'country', values: ['India'] } as never, 'f')).toThrow(
      ValidationError,
    );
  });

  it('combines filters with and, or and not, and explains every leaf', () => {
    const f: FilterNode = {
      type: 'and',
      filters: [
        { type: 'country', values: ['IN'] },
        {
          type: 'or',
          filters: [
            { type: 'os', values: ['Android'] },
            { type: 'device', values: ['tablet'] },
          ],
        },
        { type: 'not', filter: { type: 'browser', values: ['Firefox'] } },
      ],
    };
    expect(test(f, visitor())).toBe(true);
    expect(test(f, visitor({ userAgent: IPHONE }))).toBe(false);
    expect(test(f, visitor({ userAgent: IPAD }))).toBe(true);
    const explained = compileFilters(f, 'f').explain(visitor({ userAgent: IPHONE }));
    expect(explained.matched).toBe(false);
    expect(explained.filters?.[0]).toEqual({ type: 'country', matched: true, seen: 'IN' });
    expect(explained.filters?.[1]?.filters?.map((e) => [e.type, e.matched, e.seen])).toEqual([
      ['os', false, 'iOS'],
      ['device', false, 'mobile'],
    ]);
    expect(compileFilters(null, 'f').test(visitor())).toBe(true);
  });

  it('limits nesting depth', () => {
    let node: FilterNode = { type: 'country', values: ['IN'] };
    for (let i = 0; i < 6; i++) node = { type: 'not', filter: node };
    expect(() => compileFilters(node, 'f')).toThrow(/nest/);
  });
});
