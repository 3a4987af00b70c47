import { describe, expect, it } from 'vitest';
import { maskHeaders, maskSecrets } from './mask-secrets.js';

describe('maskSecrets', () => {
  it('masks a secret as is, URL-encoded, form-encoded and JSON-escaped', () => {
    const secret = 'k3y/with+plus "and" space';
    const text = [
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ k: secret }).toString(),
      JSON.stringify({ k: secret }),
    ].join(' | ');
    const masked = maskSecrets(text, [secret]);
    expect(masked).toBe('*** | *** | k=*** | {"k":"***"}');
  });

  it('masks every occurrence and the longer of two overlapping secrets whole', () => {
    expect(maskSecrets('abc abcdef abc', ['abc', 'abcdef'])).toBe('*** *** ***');
  });

  it('masks with the secrets it is given each time, however many lists came before', () => {
    // The variants are cached by the list: a list must never get another list's variants.
    expect(maskSecrets('a b a\u0000b', ['a\u0000b'])).toBe('a b ***');
    expect(maskSecrets('a b a\u0000b', ['a', 'b'])).toBe('*** *** ***\u0000***');
    for (let i = 0; i < 300; i++) expect(maskSecrets(`key-${i} key-x`, [`key-${i}`])).toBe('*** key-x');
    expect(maskSecrets('key-0 key-1', ['key-1'])).toBe('key-0 ***');
  });

  it('ignores empty secrets instead of masking between every character', () => {
    expect(maskSecrets('hello', [''])).toBe('hello');
  });
});

describe('maskHeaders', () => {
  it('masks listed secrets and always masks credential headers', () => {
    expect(
      maskHeaders({ 'X-API-Key': 'sk_1', Authorization: 'Bearer other', Accept: 'text/plain' }, ['sk_1']),
    ).toEqual({ 'X-API-Key': '***', Authorization: '***', Accept: 'text/plain' });
  });
});
