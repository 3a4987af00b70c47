import { describe, expect, it } from 'vitest';
import {
  type PostbackPreset,
  POSTBACK_PRESETS as PRESETS,
} from '../../../src/modules/publisher-postbacks/presets.js';
import { i18next } from '../i18n';
import {
  EMPTY_POSTBACK,
  postbackBody,
  postbackPreviews,
  postbackProblems,
  presetNote,
  presetNoteEnglish,
  presetNoteKey,
  withPreset,
} from './postback-form';

describe('publisher postback form', () => {
  it("says its checks in the reader's language", () => {
    try {
      i18next.changeLanguage('ru');
      expect(postbackProblems({ ...EMPTY_POSTBACK, url: 'ftp://x' }).url).toBe(
        'URL, начинающийся с http:// или https://',
      );
      i18next.changeLanguage('es');
      expect(postbackProblems({ ...EMPTY_POSTBACK, url: 'https://t.test/pb', events: [] }).events).toBe(
        'Elija al menos un evento',
      );
    } finally {
      i18next.changeLanguage('en');
    }
  });

  it('asks for a URL for a custom postback and a host for a preset', () => {
    expect(postbackProblems(EMPTY_POSTBACK).url).toBeDefined();
    expect(postbackProblems({ ...EMPTY_POSTBACK, url: 'ftp://x' }).url).toBe('An http:// or https:// URL');
    expect(
      postbackProblems({ ...EMPTY_POSTBACK, preset: 'keitaro', domain: 'bad host' }).domain,
    ).toBeDefined();
    expect(postbackProblems({ ...EMPTY_POSTBACK, preset: 'keitaro', domain: 'trk.example.com' })).toEqual({});
    expect(
      postbackProblems({ ...EMPTY_POSTBACK, url: 'https://t.test/pb', events: [] }).events,
    ).toBeDefined();
  });

  it('takes a Keitaro address with its postback key, and refuses one with a query', () => {
    const keitaro = { ...EMPTY_POSTBACK, preset: 'keitaro' };
    expect(postbackProblems({ ...keitaro, domain: 'trk.example.com/a1b2c3d' })).toEqual({});
    expect(postbackProblems({ ...keitaro, domain: 'https://trk.example.com/a1b2c3d/postback' })).toEqual({});
    expect(postbackProblems({ ...keitaro, domain: 'trk.example.com/k/postback?subid=1' }).domain).toContain(
      'without ?',
    );
  });

  it('sends the events in order, the offer scope, and a preset’s address as typed', () => {
    expect(
      postbackBody({ ...EMPTY_POSTBACK, url: ' https://t.test/pb?c={click_id} ', events: ['trash', 'lead'] }),
    ).toEqual({
      preset: 'custom',
      url: 'https://t.test/pb?c={click_id}',
      method: 'GET',
      events: ['lead', 'trash'],
      offer_id: null,
      status_words: {},
    });
    expect(
      postbackBody({ ...EMPTY_POSTBACK, preset: 'binom', domain: 'https://trk.test/', offer_id: '4' }),
    ).toMatchObject({ preset: 'binom', domain: 'https://trk.test/', offer_id: '4' });
  });
});

describe('the postback URL preview', () => {
  const approved = (form: typeof EMPTY_POSTBACK) =>
    postbackPreviews(form)?.find((p) => p.event === 'approved')?.url;

  it('fills a preset on the tracker host with sample values and the preset’s word for approved', () => {
    expect(approved({ ...withPreset(EMPTY_POSTBACK, 'keitaro'), domain: 'https://trk.example.com/' })).toBe(
      'https://trk.example.com/postback?subid=sub1-value&status=sale&payout=10.00&currency=USD&tid=TX123',
    );
  });

  it('keeps Keitaro’s key and an explicit http:// in the preview', () => {
    expect(
      approved({ ...withPreset(EMPTY_POSTBACK, 'keitaro'), domain: 'http://trk.example.com/k3y/postback' }),
    ).toBe(
      'http://trk.example.com/k3y/postback?subid=sub1-value&status=sale&payout=10.00&currency=USD&tid=TX123',
    );
  });

  it('fills a custom URL, encodes values and leaves an unknown macro as written', () => {
    expect(approved({ ...EMPTY_POSTBACK, url: ' https://t.test/pb?c={click_id}&s={status}&x={nope} ' })).toBe(
      'https://t.test/pb?c=CLICK123&s=approved&x={nope}',
    );
  });

  it('shows one URL per chosen event, with the publisher’s words and payout 0 on a cancellation', () => {
    const form = {
      ...withPreset(EMPTY_POSTBACK, 'binom'),
      domain: 'trk.example.com',
      events: ['cancelled', 'approved'],
      status_words: { approved: 'Approve', cancelled: ' ' },
    };
    expect(postbackPreviews(form)).toEqual([
      {
        event: 'approved',
        url: 'https://trk.example.com/click.php?cnv_id=sub1-value&payout=10.00&cnv_status=Approve&cnv_currency=USD',
      },
      {
        event: 'cancelled',
        url: 'https://trk.example.com/click.php?cnv_id=sub1-value&payout=0.00&cnv_status=rejected&cnv_currency=USD',
      },
    ]);
    expect(postbackBody(form)).toMatchObject({ status_words: { approved: 'Approve' } });
  });

  it('starts a preset from the events its tracker takes, and asks for its token', () => {
    expect(withPreset(EMPTY_POSTBACK, 'voluum').events).toEqual(['approved', 'sale', 'rebill']);
    const altercpa = { ...withPreset(EMPTY_POSTBACK, 'altercpa'), domain: 'trk.example.com' };
    expect(postbackProblems(altercpa).tracker_key).toContain('AlterCPA postback token');
    expect(postbackProblems({ ...altercpa, tracker_key: 'tok-1' })).toEqual({});
    expect(approved({ ...altercpa, tracker_key: 'tok-1' })).toBe(
      'https://trk.example.com/api/track/postback.json?id=tok-1&click=sub1-value&status=approve&price=10.00&currency=USD',
    );
  });

  it('shows nothing before there is a host or a URL', () => {
    expect(postbackPreviews(EMPTY_POSTBACK)).toBeUndefined();
    expect(postbackPreviews(withPreset(EMPTY_POSTBACK, 'keitaro'))).toBeUndefined();
  });
});

describe("tracker presets' notes", () => {
  const plain = (s: string | undefined) => (s ?? '').replace(/<\/?c>/g, '');

  it('each note has an English text that says what the server says (codes marked)', () => {
    for (const preset of Object.values(PRESETS)) {
      for (const note of ['setup', 'events', 'trackerKey'] as const) {
        const english = presetNoteEnglish(preset, note);
        if (english === undefined) continue;
        expect(i18next.exists(presetNoteKey(preset, note)), `${preset.key}.${note}`).toBe(true);
        expect(plain(presetNote(preset, note)), `${preset.key}.${note}`).toBe(english);
      }
    }
  });

  it("says the set-up notes, the events' reason and the token's label in the reader's language", () => {
    const keitaro = PRESETS.keitaro as PostbackPreset;
    const voluum = PRESETS.voluum as PostbackPreset;
    const peerclick = PRESETS.peerclick as PostbackPreset;
    try {
      i18next.changeLanguage('ru');
      const setup = presetNote(keitaro, 'setup') ?? '';
      expect(setup).toContain('добавьте <c>sub1={subid}</c> в нашу трекинговую ссылку');
      expect(presetNote(voluum, 'events')).toMatch(/^в его постбэке нет статуса/);
      expect(presetNote(peerclick, 'trackerKey')).toBe('ID пользователя PeerClick');
      expect(
        postbackProblems({ ...EMPTY_POSTBACK, preset: 'peerclick', domain: 'trk.test', tracker_key: '' })
          .tracker_key,
      ).toBe('ID пользователя PeerClick: буквы, цифры и - _ . ~');
      i18next.changeLanguage('hi');
      expect(presetNote(PRESETS.binom as PostbackPreset, 'setup')).toContain('Binom में हमारे ट्रैकिंग लिंक');
      i18next.changeLanguage('es');
      expect(presetNote(voluum, 'setup')).toContain('Voluum cuenta cada postback como una conversión');
    } finally {
      i18next.changeLanguage('en');
    }
  });

  it("says why a tracker address is refused in the reader's language", () => {
    const keitaro = { ...EMPTY_POSTBACK, preset: 'keitaro' };
    try {
      i18next.changeLanguage('ru');
      expect(postbackProblems({ ...keitaro, domain: 'trk.test/k?subid=1' }).domain).toBe(
        'Адрес вашего трекера: укажите адрес трекера без ?… — пресет сам добавит параметры',
      );
      i18next.changeLanguage('es');
      expect(postbackProblems({ ...keitaro, domain: 'bad host' }).domain).toBe(
        'La dirección de su tracker: un host como tracker.example.com, opcionalmente con una ruta como /<clave de postback>',
      );
    } finally {
      i18next.changeLanguage('en');
    }
  });
});
