import { type Static, Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { type DbOrTx, inTransaction } from '../../db/database.js';
import { forUpdate, isUniqueViolation } from '../../db/dialect.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { newShortCode } from '../../lib/ids.js';
import { findOffer } from '../offers/queries.js';
import { orderFormPage } from './order-form.js';
import { checkSiteContent, checkSitePath, MAX_FILES, MAX_SITE_BYTES } from './site-files.js';

export const SiteFileInput = Type.Object(
  {
    path: Type.String({ minLength: 1, maxLength: 200 }),
    content_base64: Type.String({ maxLength: 1_500_000 }),
  },
  { additionalProperties: false },
);
export type SiteFileInput = Static<typeof SiteFileInput>;

export const SiteCreate = Type.Object(
  {
    offer_id: Type.String({ pattern: '^[0-9]{1,15}$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    slug: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,47}$' })),
    template: Type.Optional(Type.Union([Type.Literal('order-form'), Type.Literal('empty')])),
    files: Type.Optional(Type.Array(SiteFileInput, { maxItems: MAX_FILES })),
  },
  { additionalProperties: false },
);
export type SiteCreate = Static<typeof SiteCreate>;

export const SiteUpdate = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  },
  { additionalProperties: false },
);
export type SiteUpdate = Static<typeof SiteUpdate>;

export const Site = Type.Object({
  id: Type.String(),
  offer_id: Type.String(),
  name: Type.String(),
  slug: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')], {
    description: 'active, or disabled (its pages answer 404)',
  }),
  url: Type.String(),
  landing_url: Type.String({ description: "put this in the offer's landing URL" }),
  files: Type.Array(Type.Object({ path: Type.String(), content_type: Type.String(), size: Type.Integer() })),
  created_at: Type.String(),
});
export type Site = Static<typeof Site>;

function decode(file: SiteFileInput): { path: string; contentType: string; bytes: Buffer } {
  const { path, contentType } = checkSitePath(file.path);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(file.content_base64)) {
    throw new ValidationError(`${file.path}: content_base64 is not base64`, 'files', 'site_file_not_base64');
  }
  const bytes = Buffer.from(file.content_base64, 'base64');
  checkSiteContent(path, bytes);
  return { path, contentType, bytes };
}

async function assertSiteSize(db: DbOrTx, siteId: number, adding: number, replacingPath?: string) {
  let query = db
    .selectFrom('local_site_files')
    .select((eb) => [eb.fn.sum<number>('size').as('bytes'), eb.fn.countAll<number>().as('n')])
    .where('site_id', '=', siteId);
  if (replacingPath) query = query.where('path', '!=', replacingPath);
  const row = await query.executeTakeFirstOrThrow();
  if (Number(row.bytes ?? 0) + adding > MAX_SITE_BYTES)
    throw new ValidationError(`a site may hold at most ${MAX_SITE_BYTES} bytes`, 'files', 'site_too_large');
  if (Number(row.n) + 1 > MAX_FILES)
    throw new ValidationError(`a site may hold at most ${MAX_FILES} files`, 'files', 'site_too_many_files');
}

export async function createSite(ctx: AppContext, input: SiteCreate): Promise<Site> {
  const offer = await findOffer(ctx.db, Number(input.offer_id));
  if (!offer)
    throw new ValidationError(
      `offer_id: offer ${input.offer_id} does not exist`,
      'offer_id',
      'offer_missing',
    );
  const files = (input.files ?? []).map(decode);
  if (files.length === 0 && input.template !== 'empty') {
    files.push({
      path: 'index.html',
      contentType: 'text/html; charset=utf-8',
      bytes: Buffer.from(orderFormPage(input.name)),
    });
  }
  if (files.reduce((n, f) => n + f.bytes.length, 0) > MAX_SITE_BYTES) {
    throw new ValidationError(`a site may hold at most ${MAX_SITE_BYTES} bytes`, 'files', 'site_too_large');
  }
  const now = ctx.clock.now().toISOString();
  try {
    const id = await ctx.db.transaction().execute(async (tx) => {
      const site = await tx
        .insertInto('local_sites')
        .values({
          offer_id: offer.id,
          name: input.name,
          slug: input.slug ?? newShortCode(10),
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const f of files) {
        await tx
          .insertInto('local_site_files')
          .values({
            site_id: site.id,
            path: f.path,
            content_type: f.contentType,
            content: f.bytes.toString('base64'),
            size: f.bytes.length,
            updated_at: now,
          })
          .execute();
      }
      return site.id;
    });
    return getSite(ctx, id);
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ConflictError(
        `slug "${input.slug}" is taken, or two files share a path`,
        'slug',
        'slug_taken',
      );
    throw error;
  }
}

export async function putSiteFile(ctx: AppContext, siteId: number, file: SiteFileInput): Promise<Site> {
  await getSite(ctx, siteId);
  const { path, contentType, bytes } = decode(file);
  const now = ctx.clock.now().toISOString();
  // The limits are checked and the file written under the site's row lock: two uploads at once
  // cannot both fit into the room left for one.
  await inTransaction(ctx.db, async (tx) => {
    await forUpdate(tx, tx.selectFrom('local_sites').select('id').where('id', '=', siteId)).execute();
    await assertSiteSize(tx, siteId, bytes.length, path);
    await tx
      .insertInto('local_site_files')
      .values({
        site_id: siteId,
        path,
        content_type: contentType,
        content: bytes.toString('base64'),
        size: bytes.length,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['site_id', 'path']).doUpdateSet({
          content: bytes.toString('base64'),
          size: bytes.length,
          content_type: contentType,
          updated_at: now,
        }),
      )
      .execute();
  });
  return getSite(ctx, siteId);
}

/** One file's stored bytes, for the admin editor (the served copy has the macros filled). */
export async function readSiteFile(ctx: AppContext, siteId: number, rawPath: string) {
  const { path } = checkSitePath(rawPath);
  const file = await ctx.db
    .selectFrom('local_site_files')
    .select(['path', 'content_type', 'content'])
    .where('site_id', '=', siteId)
    .where('path', '=', path)
    .executeTakeFirst();
  if (!file) throw new NotFoundError('file');
  return { path: file.path, content_type: file.content_type, content_base64: file.content };
}

export async function deleteSiteFile(ctx: AppContext, siteId: number, rawPath: string): Promise<void> {
  const { path } = checkSitePath(rawPath);
  const result = await ctx.db
    .deleteFrom('local_site_files')
    .where('site_id', '=', siteId)
    .where('path', '=', path)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new NotFoundError('file');
}

export async function updateSite(ctx: AppContext, id: number, input: SiteUpdate): Promise<Site> {
  await getSite(ctx, id);
  await ctx.db
    .updateTable('local_sites')
    .set({ name: input.name, status: input.status, updated_at: ctx.clock.now().toISOString() })
    .where('id', '=', id)
    .execute();
  return getSite(ctx, id);
}

/** A site and all its files, gone: its URL answers 404 from then on. */
export async function deleteSite(ctx: AppContext, id: number): Promise<void> {
  await getSite(ctx, id);
  await ctx.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('local_site_files').where('site_id', '=', id).execute();
    await tx.deleteFrom('local_sites').where('id', '=', id).execute();
  });
}

export async function getSite(ctx: AppContext, id: number): Promise<Site> {
  const site = await ctx.db.selectFrom('local_sites').selectAll().where('id', '=', id).executeTakeFirst();
  if (!site) throw new NotFoundError('site');
  const files = await ctx.db
    .selectFrom('local_site_files')
    .select(['path', 'content_type', 'size'])
    .where('site_id', '=', id)
    .orderBy('path')
    .execute();
  const url = `${ctx.config.publicUrl}/s/${site.slug}/`;
  return {
    id: String(site.id),
    offer_id: String(site.offer_id),
    name: site.name,
    slug: site.slug,
    status: site.status === 'disabled' ? ('disabled' as const) : ('active' as const),
    url,
    landing_url: `${url}?click_id={click_id}`,
    files: files.map((f) => ({ path: f.path, content_type: f.content_type, size: Number(f.size) })),
    created_at: site.created_at,
  };
}

export async function listSites(ctx: AppContext, offerId?: number): Promise<Site[]> {
  let query = ctx.db.selectFrom('local_sites').select('id').orderBy('id', 'desc');
  if (offerId !== undefined) query = query.where('offer_id', '=', offerId);
  const rows = await query.execute();
  return Promise.all(rows.map((r) => getSite(ctx, r.id)));
}
