import { describe, expect, it } from 'vitest';
import { i18next } from '../i18n';
import { ApiError, csrfCookieName, errorMessage, readCookie } from './api';

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

describe('a refusal the server gives its own code', () => {
  const duplicate = new ApiError(
    409,
    'email_taken',
    'a publisher with email a@b.test already exists',
    'email',
  );
  const belowMinimum = new ApiError(
    422,
    'below_payout_minimum',
    'the minimum payout is 100.00 USD',
    'amount',
  );

  it("is said in the reader's language, and in the server's own words in English", () => {
    try {
      i18next.changeLanguage('es');
      expect(errorMessage(duplicate)).toBe('Ya existe una cuenta con este correo electrónico.');
      i18next.changeLanguage('ru');
      expect(errorMessage(belowMinimum)).toBe('Сумма меньше минимальной выплаты.');
      i18next.changeLanguage('hi');
      expect(errorMessage(duplicate)).toBe('इस ईमेल से एक खाता पहले से मौजूद है।');
      i18next.changeLanguage('en');
      expect(errorMessage(belowMinimum)).toBe('the minimum payout is 100.00 USD');
    } finally {
      i18next.changeLanguage('en');
    }
  });

  it("keeps the server's words for a code without a sentence yet", () => {
    try {
      i18next.changeLanguage('ru');
      expect(errorMessage(new ApiError(409, 'conflict', 'a request for this offer is already waiting'))).toBe(
        'a request for this offer is already waiting',
      );
    } finally {
      i18next.changeLanguage('en');
    }
  });
});
