import { describe, expect, it } from 'vitest';
import { csrfCookieName, readCookie } from './api';

describe('the CSRF cookie', () => {
  it('is read from document.cookie by name, decoded, and not confused with a longer name', () => {
    const cookies = 'lr_csrf_old=stale; lr_csrf=abc%2Bdef=; theme=dark';
    expect(readCookie(cookies, 'lr_csrf')).toBe('abc+def=');
    expect(readCookie(cookies, 'lr_session')).toBeUndefined();
    expect(readCookie('', 'lr_csrf')).toBeUndefined();
  });

  it("is the portal's own under /webmaster and the admin's elsewhere", () => {
    expect(csrfCookieName('/webmaster')).toBe('lr_pub_csrf');
    expect(csrfCookieName('/webmaster/settings')).toBe('lr_pub_csrf');
    expect(csrfCookieName('/admin/leads')).toBe('lr_csrf');
    expect(csrfCookieName('/webmasters')).toBe('lr_csrf');
  });
});
