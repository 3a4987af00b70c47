import { describe, expect, it } from 'vitest';
import { pixelSnippetNotes } from '../../../../src/modules/pixel/snippet-notes.js';
import { i18next } from '../../i18n';

/** Every setting the snippet's notes depend on: each pixel mode, signed or not, one or more per click. */
const SETTINGS = (['off', 'hold', 'approved'] as const).flatMap((pixel_mode) =>
  [0, 1].flatMap((pixel_require_sig) =>
    [1, 3].map((pixel_max_per_click) => ({ pixel_mode, pixel_require_sig, pixel_max_per_click })),
  ),
);

const plain = (text: string) => text.replace(/<\/?c>/g, '');

describe("the pixel snippet's notes (GET …/offers/:id/pixel note_codes)", () => {
  it("has words for every code the server sends, and the English says what the server's says", () => {
    for (const settings of SETTINGS) {
      const { notes, note_codes } = pixelSnippetNotes(settings);
      note_codes.forEach(({ code, params }, i) => {
        const key = `forms.pixel.note.${code}`;
        for (const lng of ['en', 'es', 'ru', 'hi']) {
          expect(i18next.exists(key, { lng, count: Number(params.count ?? 1) }), `${lng} ${key}`).toBe(true);
        }
        expect(plain(i18next.t(key, { ...params, lng: 'en' })), key).toBe(notes[i]);
      });
    }
  });

  it("says them in the reader's language, with their values", () => {
    const { note_codes } = pixelSnippetNotes({
      pixel_mode: 'hold',
      pixel_require_sig: 1,
      pixel_max_per_click: 3,
    });
    const said = (lng: string) =>
      note_codes.map(({ code, params }) => plain(i18next.t(`forms.pixel.note.${code}`, { ...params, lng })));
    expect(said('ru')[1]).toContain('Не больше 3 конверсий пикселя на клик');
    expect(said('es')[4]).toContain('{click_id}');
    expect(said('hi')[0]).toMatch(/[\u0900-\u097F]/);
  });
});
