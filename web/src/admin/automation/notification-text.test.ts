import { describe, expect, it } from 'vitest';
import { i18next } from '../../i18n';
import type { AdminNotification } from '../../lib/types';
import { notificationText } from './notification-text';

const base = {
  id: '1',
  rule_id: null,
  run_id: null,
  details: {},
  read_at: null,
  created_at: '2026-12-07T06:00:00Z',
};
const capReached: AdminNotification = {
  ...base,
  title: 'Cap reached: daily clicks cap 4 (offer 3)',
  message: '10 of 10 used in period 2026-12-07 (UTC); further traffic: trafficback.',
  code: 'cap_reached',
  params: {
    id: 4,
    period: 'daily',
    metric: 'clicks',
    offer: 3,
    publisher: '',
    used: 10,
    limit: 10,
    key: '2026-12-07',
    zone: 'UTC',
    next: 'trafficback',
  },
};

describe("a notification in the reader's language", () => {
  it('says title and message from the code, with its coded values (period, metric, scope) as words', () => {
    try {
      i18next.changeLanguage('ru');
      expect(notificationText(capReached)).toEqual({
        title: 'Кап достигнут: кап 4, Клики, В день (Оффер 3)',
        message: 'Использовано 10 из 10 за период 2026-12-07 (UTC); дальнейший трафик уходит в трафикбэк.',
      });
    } finally {
      i18next.changeLanguage('en');
    }
  });

  it("says a clawback's statuses and where the change came from as words", () => {
    const clawback: AdminNotification = {
      ...base,
      title: 'Clawback of 8.00 USD from publisher 2',
      message: 'Conversion 5 went approved → rejected (postback.json) after its publisher was paid.',
      code: 'clawback',
      params: {
        amount: '8.00',
        currency: 'USD',
        publisher: 2,
        conversion: 5,
        from: 'approved',
        to: 'rejected',
        source: 'postback.json',
        balance: '-8.00',
      },
    };
    try {
      i18next.changeLanguage('ru');
      const { message } = notificationText(clawback);
      expect(message).toContain('(постбэк)');
      expect(message).not.toMatch(/approved|rejected|postback/);
    } finally {
      i18next.changeLanguage('en');
    }
  });

  it('says a prepaid advertiser without a stored name as "advertiser N" in the reader\'s language', () => {
    const low: AdminNotification = {
      ...base,
      title: 'Low prepaid balance: advertiser 7',
      message: 'advertiser 7 has 10.00 USD of prepayment left (alert at 15.00 USD).',
      code: 'prepayment_low',
      params: { advertiser_id: '7', balance: '10.00', alert_at: '15.00', currency: 'USD' },
    };
    const paused: AdminNotification = {
      ...low,
      code: 'prepayment_paused',
      params: { advertiser_id: '7', balance: '0.00', currency: 'USD', offers: 'Keto (#3)' },
    };
    try {
      i18next.changeLanguage('ru');
      expect(notificationText(low)).toEqual({
        title: 'Мало предоплаты: рекламодатель 7',
        message: 'У рекламодателя 7 осталось 10.00 USD предоплаты (уведомление при 15.00 USD).',
      });
      expect(notificationText(paused).title).toBe('Офферы на паузе: предоплата рекламодателя 7 закончилась');
      i18next.changeLanguage('es');
      expect(notificationText(low).title).toBe('Saldo prepago bajo: anunciante 7');
      i18next.changeLanguage('hi');
      expect(notificationText(paused).message).toBe(
        'विज्ञापनदाता 7 के पास 0.00 USD प्रीपेमेंट है; टॉप-अप तक Keto (#3) रोके गए।',
      );
      // A named advertiser keeps its name.
      i18next.changeLanguage('ru');
      const named = { ...low, params: { ...low.params, advertiser: 'Acme' } };
      expect(notificationText(named).title).toBe('Мало предоплаты: Acme');
    } finally {
      i18next.changeLanguage('en');
    }
  });

  it('keeps the stored English of a notification written before codes', () => {
    try {
      i18next.changeLanguage('hi');
      const old = { ...capReached, code: null, params: null };
      expect(notificationText(old)).toEqual({ title: old.title, message: old.message });
    } finally {
      i18next.changeLanguage('en');
    }
  });
});
