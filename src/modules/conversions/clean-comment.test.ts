import { describe, expect, it } from 'vitest';
import { cleanComment } from './clean-comment.js';

describe('cleanComment', () => {
  it('keeps an ordinary note as it is', () => {
    expect(cleanComment('valid lead')).toBe('valid lead');
    expect(cleanComment('invalid phone number: +91 98765-43210 (called twice)')).toBe(
      'invalid phone number: +91 98765-43210 (called twice)',
    );
    expect(cleanComment('Клиент отказался, перезвонить')).toBe('Клиент отказался, перезвонить');
  });

  it('strips markup, control and other special characters', () => {
    expect(cleanComment('<script>alert(1)</script>bad')).toBe('scriptalert(1)/scriptbad');
    expect(cleanComment('a\u0000b\u0007c $(x) `rm` [x] {y} |z| \\ ~^<>')).toBe('abc (x) rm x y z');
    expect(cleanComment('line one\r\nline two\ttab')).toBe('line one line two tab');
  });

  it('cuts to 1000 characters', () => {
    expect(cleanComment('x'.repeat(5000))).toHaveLength(1000);
    expect(cleanComment('é'.repeat(1200))).toHaveLength(1000);
  });

  it('answers undefined for nothing, so the existing comment is kept', () => {
    expect(cleanComment(undefined)).toBeUndefined();
    expect(cleanComment('')).toBeUndefined();
    expect(cleanComment('   ')).toBeUndefined();
    expect(cleanComment('<>{}')).toBeUndefined();
  });
});
