import type { FastifyReply, FastifyRequest } from 'fastify';
import { type PageLanguage, pageLanguage } from '../clicks/refusal-page.js';

/**
 * A visitor's browser posting a hosted order form without JavaScript (order-form.ts falls back to a
 * plain form post) would otherwise be shown our JSON. When the post is a form and the browser asks for
 * HTML, the answer (the same status) is a short page in the visitor's language (Accept-Language, as
 * the click pages): thanks, or what to do, never the refusal's internal detail. API clients (JSON
 * bodies, or forms without `Accept: text/html`) get the JSON as before.
 */
type Outcome = 'thanks' | 'again' | 'duplicate' | 'closed' | 'slow' | 'later';

const TEXTS: Record<PageLanguage, Record<Outcome, string>> = {
  en: {
    thanks: 'Thank you! We will call you shortly.',
    again: 'We could not take your order: please check your name and phone number and try again.',
    duplicate: 'We already have your order. Thank you!',
    closed: 'Orders are not being taken right now.',
    slow: 'Too many attempts. Please wait a minute and try again.',
    later: 'Something went wrong. Please try again later.',
  },
  es: {
    thanks: '¡Gracias! Le llamaremos en breve.',
    again: 'No pudimos recibir su pedido: revise su nombre y su número de teléfono e inténtelo de nuevo.',
    duplicate: 'Ya tenemos su pedido. ¡Gracias!',
    closed: 'Ahora mismo no se aceptan pedidos.',
    slow: 'Demasiados intentos. Espere un minuto e inténtelo de nuevo.',
    later: 'Algo salió mal. Inténtelo de nuevo más tarde.',
  },
  ru: {
    thanks: 'Спасибо! Мы скоро вам позвоним.',
    again: 'Не удалось принять заказ: проверьте имя и номер телефона и попробуйте ещё раз.',
    duplicate: 'Ваш заказ у нас уже есть. Спасибо!',
    closed: 'Сейчас заказы не принимаются.',
    slow: 'Слишком много попыток. Подождите минуту и попробуйте снова.',
    later: 'Что-то пошло не так. Попробуйте позже.',
  },
  hi: {
    thanks: 'धन्यवाद! हम आपको जल्द ही कॉल करेंगे।',
    again: 'हम आपका ऑर्डर नहीं ले सके: कृपया अपना नाम और फ़ोन नंबर जाँचें और फिर से कोशिश करें।',
    duplicate: 'आपका ऑर्डर हमारे पास पहले से है। धन्यवाद!',
    closed: 'अभी ऑर्डर नहीं लिए जा रहे हैं।',
    slow: 'बहुत अधिक प्रयास। कृपया एक मिनट रुककर फिर से कोशिश करें।',
    later: 'कुछ गलत हो गया। कृपया बाद में फिर से कोशिश करें।',
  },
};

function outcomeOf(status: number): Outcome {
  if (status < 300) return 'thanks';
  if (status === 409) return 'duplicate';
  if (status === 429) return 'slow';
  if (status === 400 || status === 422) return 'again';
  if (status === 403 || status === 404) return 'closed';
  return 'later';
}

/** A browser's plain form post that wants a page back (not an API client's call). */
export function wantsVisitorPage(request: FastifyRequest): boolean {
  const type = request.headers['content-type'] ?? '';
  const form = type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data');
  return form && (request.headers.accept ?? '').includes('text/html');
}

/** onSend hook of POST /api/lead: the JSON answer becomes the visitor's page (same status). */
export async function visitorPageOnSend(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  if (!wantsVisitorPage(request)) return payload;
  const lang = pageLanguage(request.headers['accept-language']);
  const text = TEXTS[lang][outcomeOf(reply.statusCode)];
  reply.header('content-type', 'text/html; charset=utf-8');
  reply.header('content-language', lang);
  reply.header('vary', 'Accept, Accept-Language');
  reply.header('cache-control', 'no-store');
  // Every text is ours: nothing here needs escaping.
  return `<!doctype html><html lang="${lang}"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${text}</title><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5"><p>${text}</p></body></html>\n`;
}
