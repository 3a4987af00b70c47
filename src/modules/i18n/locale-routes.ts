import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { principalOf, requireRole } from '../auth/guards.js';
import type { SubjectType } from '../auth/sessions.js';

/** The languages the admin panel and the publisher portal speak (web/src/i18n/resources). */
export const UI_LOCALES = ['en', 'es', 'ru', 'hi'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

const LocaleBody = Type.Object(
  {
    locale: Type.Union([Type.Union(UI_LOCALES.map((l) => Type.Literal(l))), Type.Null()], {
      description: 'a language of the web app; null: follow the browser',
    }),
  },
  { additionalProperties: false },
);
const LocaleReply = Type.Object({
  locale: Type.Union([Type.String(), Type.Null()]),
  locales: Type.Array(Type.String(), { description: 'every language the web app speaks' }),
});

const PREFIX = { admin: '/api/auth', publisher: '/api/publisher' } as const satisfies Record<
  SubjectType,
  string
>;

function isUiLocale(value: string | null): value is UiLocale {
  return value !== null && (UI_LOCALES as readonly string[]).includes(value);
}

/**
 * A person's own language, the same for admins (/api/auth/locale) and publishers
 * (/api/publisher/locale): kept on their account, so it follows them to another browser. Outside the
 * admin scope like the other own-account routes (every role, and an admin who must still enrol).
 */
export function localeRoutes(app: App, ctx: AppContext) {
  for (const role of ['admin', 'publisher'] as const) {
    const table = role === 'admin' ? 'users' : 'publishers';
    const tags = [role === 'admin' ? 'auth' : 'publisher portal'];
    const preValidation = requireRole(ctx, role);

    app.get(
      `${PREFIX[role]}/locale`,
      { preValidation, schema: { tags, summary: 'My language', response: { 200: LocaleReply } } },
      async (request) => {
        const row = await ctx.db
          .selectFrom(table)
          .select('locale')
          .where('id', '=', principalOf(request).id)
          .executeTakeFirst();
        const locale = row?.locale ?? null;
        // A language dropped from the app since it was chosen reads as "follow the browser".
        return { locale: isUiLocale(locale) ? locale : null, locales: [...UI_LOCALES] };
      },
    );

    app.put(
      `${PREFIX[role]}/locale`,
      {
        preValidation,
        schema: {
          tags,
          summary: 'Choose my language (null: the browser decides)',
          body: LocaleBody,
          response: { 200: LocaleReply, 400: ErrorReply },
        },
      },
      async (request) => {
        await ctx.db
          .updateTable(table)
          .set({ locale: request.body.locale })
          .where('id', '=', principalOf(request).id)
          .execute();
        return { locale: request.body.locale, locales: [...UI_LOCALES] };
      },
    );
  }
}
