import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route makes every request string safe itself: src/http/nul-guard.ts does not check it. */
    acceptsNul?: boolean;
  }
  interface FastifyRequest {
    /** The visitor's address under TRUST_PROXY (src/lib/client-address.ts); decorated in http/app.ts. */
    readonly clientAddress: string;
  }
}
