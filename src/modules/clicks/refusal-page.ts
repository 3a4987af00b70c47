/**
 * What a visitor sees when a click is refused or a link is unknown: a plain page in their language
 * (Accept-Language; English when none of ours is asked for) and, for a refusal, a short reference
 * the operator can paste into Clicks (clicks/reference.ts). Never the reject reason or any other
 * internal detail: a visitor learns only that the offer is not available.
 */
export const PAGE_LANGUAGES = ['en', 'es', 'ru', 'hi'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

interface Texts {
  unavailableTitle: string;
  unavailable: string;
  quote: string;
  reference: string;
  noOffer: string;
  noLink: string;
}

const TEXTS: Record<PageLanguage, Texts> = {
  en: {
    unavailableTitle: 'Offer not available',
    unavailable: 'This offer is not available.',
    quote: 'If you contact support, please quote this reference.',
    reference: 'Reference',
    noOffer: 'This offer does not exist.',
    noLink: 'This link does not exist.',
  },
  es: {
    unavailableTitle: 'Oferta no disponible',
    unavailable: 'Esta oferta no está disponible.',
    quote: 'Si contacta con soporte, indique esta referencia.',
    reference: 'Referencia',
    noOffer: 'Esta oferta no existe.',
    noLink: 'Este enlace no existe.',
  },
  ru: {
    unavailableTitle: 'Предложение недоступно',
    unavailable: 'Это предложение недоступно.',
    quote: 'Если вы обратитесь в поддержку, назовите этот номер.',
    reference: 'Номер',
    noOffer: 'Такого предложения не существует.',
    noLink: 'Такой ссылки не существует.',
  },
  hi: {
    unavailableTitle: 'ऑफ़र उपलब्ध नहीं है',
    unavailable: 'यह ऑफ़र उपलब्ध नहीं है।',
    quote: 'सहायता से संपर्क करें तो कृपया यह संदर्भ कोड बताएं।',
    reference: 'संदर्भ',
    noOffer: 'यह ऑफ़र मौजूद नहीं है।',
    noLink: 'यह लिंक मौजूद नहीं है।',
  },
};

function isPageLanguage(tag: string): tag is PageLanguage {
  return (PAGE_LANGUAGES as readonly string[]).includes(tag);
}

/** The visitor's most wanted language we have, from Accept-Language (RFC 9110 §12.5.4 q-values). */
export function pageLanguage(acceptLanguage: string | undefined): PageLanguage {
  if (!acceptLanguage) return 'en';
  let best: PageLanguage = 'en';
  let bestQ = 0;
  for (const part of acceptLanguage.slice(0, 500).split(',')) {
    const [range = '', ...params] = part.trim().split(';');
    const primary = range.trim().toLowerCase().split('-')[0] ?? '';
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!isPageLanguage(primary) || !(q > bestQ)) continue;
    best = primary;
    bestQ = q;
  }
  return best;
}

export interface PageAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function html(status: number, lang: PageLanguage, title: string, paragraphs: string[]): PageAnswer {
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-language': lang,
      vary: 'Accept-Language',
    },
    // Every text is ours and the reference is [0-9A-Z-]: nothing here needs escaping.
    body: `<!doctype html><html lang="${lang}"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5">${paragraphs.map((p) => `<p>${p}</p>`).join('')}</body></html>\n`,
  };
}

/** A refused click: 403, the offer is not available, and the reference. */
export function refusedPage(acceptLanguage: string | undefined, reference: string): PageAnswer {
  const lang = pageLanguage(acceptLanguage);
  const t = TEXTS[lang];
  return html(403, lang, t.unavailableTitle, [
    t.unavailable,
    t.quote,
    `${t.reference}: <strong>${reference}</strong>`,
  ]);
}

/** An unknown offer, publisher or link: 404. */
export function missingPage(acceptLanguage: string | undefined, what: 'offer' | 'link'): PageAnswer {
  const lang = pageLanguage(acceptLanguage);
  const t = TEXTS[lang];
  const text = what === 'offer' ? t.noOffer : t.noLink;
  return html(404, lang, text, [text]);
}
