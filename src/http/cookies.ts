import { fastifyCookie } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';

/**
 * Cookies are parsed on demand, not by a hook on every request: the click redirect never reads
 * them, and at thousands of clicks a second the parsing shows.
 */
export function cookiesOf(request: FastifyRequest): Record<string, string | undefined> {
  if (!request.cookies) {
    const header = request.headers.cookie;
    request.cookies = header ? fastifyCookie.parse(header) : {};
  }
  return request.cookies;
}
