import type { FastifyReply, FastifyRequest } from 'fastify';

const MAX_DEPTH = 32;

/** Where in a parsed value a U+0000 sits (`body.items.0.name`), in a string or a key, if anywhere. */
function findNul(value: unknown, where: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? where : undefined;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return undefined;
  if (Buffer.isBuffer(value)) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const path = `${where}.${key}`;
    if (key.includes('\u0000')) return path;
    const found = findNul(item, path, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * PostgreSQL text cannot hold U+0000: a `%00` or `\u0000` reaching a query or an insert fails
 * there as a 500 (SQLite would store it). No field of ours means anything with a NUL in it, so a
 * request carrying one in its path parameters, query or parsed body is refused before any handler
 * runs, the same on both databases. Routes that make every string safe themselves (the tracking
 * routes, through answerTracking, like the raw fast path) opt out with `config.acceptsNul`.
 */
export async function rejectNul(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.routeOptions.config.acceptsNul) return;
  const where =
    findNul(request.params, 'params') ??
    findNul(request.query, 'querystring') ??
    findNul(request.body, 'body');
  if (where) {
    await reply
      .status(400)
      .send({ error: 'validation', message: `${where}: must not contain NUL characters` });
  }
}
