import { describe, expect, it } from 'vitest';
import { readCookie } from './api';

describe('the CSRF cookie', () => {
  it('is read from document.cookie by name, decoded, and not confused with a longer name', () => {
    const cookies = 'lr_csrf_old=stale; lr_csrf=abc%2Bdef=; theme=dark';
    expect(readCookie(cookies, 'lr_csrf')).toBe('abc+def=');
    expect(readCookie(cookies, 'lr_session')).toBeUndefined();
    expect(readCookie('', 'lr_csrf')).toBeUndefined();
  });
});
