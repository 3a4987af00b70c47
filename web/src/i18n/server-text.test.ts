import { describe, expect, it } from 'vitest';
import { ANSWER_CODES } from '../lib/log-filters';
import en from './en/messages.json';
import es from './es/messages.json';
import hi from './hi/messages.json';
import { i18next } from './index';
import ru from './ru/messages.json';
import { serverText } from './server-text';

const keys = (tree: object, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );

describe('texts the server writes, in the reader language', () => {
  it('says a Postback Log answer in Spanish, Russian and Hindi and keeps the English in English', () => {
    const stored = 'click 123 not found';
    try {
      for (const [lng, want] of [
        ['es', es.messages.postback['bad-click']],
        ['ru', ru.messages.postback['bad-click']],
        ['hi', hi.messages.postback['bad-click']],
      ] as const) {
        i18next.changeLanguage(lng);
        expect(serverText('postback', 'bad-click', stored)).toEqual({ text: want, translated: true });
      }
      i18next.changeLanguage('en');
      expect(serverText('postback', 'bad-click', stored)).toEqual({ text: stored, translated: false });
    } finally {
      i18next.changeLanguage('en');
    }
  });

  it("says what an automation run did in the reader's language, with its values", () => {
    try {
      i18next.changeLanguage('ru');
      expect(
        serverText('automation', 'reduced_cap', "reduced offer 7's daily cap from 10 to 7", {
          id: 7,
          from: 10,
          to: 7,
        }).text,
      ).toBe('дневной кап оффера 7 снижен с 10 до 7');
      i18next.changeLanguage('es');
      expect(
        serverText('automation', 'would_notify', 'would notify the admin about 2 subjects', { subjects: 2 })
          .text,
      ).toBe('avisaría al administrador (sujetos: 2)');
    } finally {
      i18next.changeLanguage('en');
    }
  });

  it("says a lead's push error, a postback warning and a refused pixel in the reader's language", () => {
    try {
      i18next.changeLanguage('ru');
      expect(
        serverText('leadPush', 'http_status', 'HTTP 500 from adv.test: down', {
          host: 'adv.test',
          status: 500,
        }).text,
      ).toBe('Сервер рекламодателя adv.test ответил HTTP 500.');
      i18next.changeLanguage('es');
      expect(
        serverText('postbackWarning', 'unused_payout', 'sum=7 looks like a payout but was not used', {
          name: 'sum',
          value: '7',
        }).text,
      ).toBe('sum=7 parece un pago pero no se usó');
      i18next.changeLanguage('hi');
      expect(serverText('fraud', 'pixel_bad_sig', 'sig does not match', { offer_id: '3' })).toEqual({
        text: 'पिक्सेल अस्वीकृत: इसका हस्ताक्षर ऑफ़र 3 की पिक्सेल कुंजी से मेल नहीं खाता।',
        translated: true,
      });
    } finally {
      i18next.changeLanguage('en');
    }
  });

  it('falls back to the stored text for a code it does not know or a row without one', () => {
    try {
      i18next.changeLanguage('ru');
      expect(serverText('postback', 'brand-new-code', 'as stored').text).toBe('as stored');
      expect(serverText('postback', null, 'written before the codes').text).toBe('written before the codes');
    } finally {
      i18next.changeLanguage('en');
    }
  });

  it('has a sentence for every answer code the Postback Log filters by, in every language', () => {
    const english = keys(en).sort();
    for (const other of [es, ru, hi]) expect(keys(other).sort()).toEqual(english);
    expect(ANSWER_CODES.filter((code) => !(code in en.messages.postback))).toEqual([]);
  });
});
