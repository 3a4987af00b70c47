import { describe, expect, it } from 'vitest';
import { i18next } from '../i18n';
import { checkName, refusalName, streamNote } from './simulate-words';
import { armShares, formatShare, locateField, moveItem, newArm, newStream, toStreamsBody } from './streams';

describe('stream editor model', () => {
  it('moves one stream and keeps the others in order', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b'], 1, 5)).toEqual(['a', 'b']);
  });

  it('shows each arm share of the weights', () => {
    const arms = [newArm(), newArm(), newArm()].map((a, i) => ({ ...a, weight: ['50', '50', '0'][i] ?? '' }));
    expect(armShares(arms)).toEqual([50, 50, 0]);
    expect(armShares([{ ...newArm(), weight: 'x' }])).toEqual([0]);
  });

  it('sends an empty root group as everyone, and refuses a bad weight with its field', () => {
    const s = newStream('Default');
    expect(toStreamsBody([s])).toEqual({
      streams: [
        {
          name: 'Default',
          enabled: true,
          filters: null,
          arms: [{ type: 'trafficback', weight: 1 }],
          auto: { enabled: false, metric: 'cr', min_share_pct: 10, min_sample: 100 },
        },
      ],
    });
    const bad = { ...s, arms: [{ ...newArm(), weight: '1.5' }] };
    expect(toStreamsBody([s, bad])).toEqual({
      field: 'streams[1].arms[0].weight',
      message: 'A whole number from 0 to 10,000',
    });
  });

  it('finds the stream and arm a server error names', () => {
    expect(locateField('streams[2].arms[1].site_id')).toEqual({
      stream: 2,
      arm: 1,
      path: 'streams[2].arms[1].site_id',
    });
    expect(locateField('streams[0].filters.filters[1]')).toMatchObject({ stream: 0, arm: undefined });
    expect(locateField('ip')).toEqual({});
  });
});

describe("the stream editor's words and figures in the reader's language", () => {
  it('formats a share by locale (a decimal comma in Russian and Spanish)', () => {
    expect(formatShare(100 / 3, 'en')).toBe('33.3 %');
    expect(formatShare(100 / 3, 'ru')).toBe('33,3 %');
    expect(formatShare(12.5, 'es')).toBe('12,5 %');
    expect(formatShare(50, 'ru')).toBe('50 %');
    expect(formatShare(0, 'hi')).toBe('0 %');
  });

  it("says the preview's refusal reason and failed checks in words, not codes", () => {
    try {
      i18next.changeLanguage('ru');
      expect(refusalName('bot_ua')).not.toBe('bot_ua');
      expect(refusalName('bot_ua')).toMatch(/[а-я]/);
      expect(checkName('geo_mismatch')).toMatch(/[а-я]/);
      i18next.changeLanguage('hi');
      expect(refusalName('cap_reached')).toMatch(/[\u0900-\u097F]/);
      expect(refusalName('something_new')).toBe('something_new');
    } finally {
      i18next.changeLanguage('en');
    }
    expect(refusalName('cap_reached')).toBe('Cap reached');
    expect(checkName('bot_ua')).toBe('User agent is not a bot');
  });

  it("says why a matched stream's targets could not take the visitor, by the server's codes", () => {
    const note =
      'matched, but no target can take the visitor: offer 7 reached a cap; hosted site disabled or removed';
    const s: Parameters<typeof streamNote>[0] = {
      note,
      note_reasons: [
        { code: 'offer_cap', params: { offer_id: '7' } },
        { code: 'site_off', params: {} },
      ],
    };
    try {
      i18next.changeLanguage('ru');
      expect(streamNote(s)).toBe(
        'совпал, но ни одна цель не может принять посетителя: оффер 7 достиг капа; сайт отключён или удалён',
      );
      i18next.changeLanguage('es');
      expect(streamNote(s)).toContain('la oferta 7 alcanzó un límite');
      // A code the web does not know, or a note without codes (an older server): the server's English.
      expect(streamNote({ note, note_reasons: [{ code: 'new_reason', params: {} }] })).toBe(note);
      expect(streamNote({ note })).toBe(note);
    } finally {
      i18next.changeLanguage('en');
    }
    expect(streamNote(s)).toBe(note);
    expect(streamNote({})).toBeUndefined();
  });
});
