import { type Static, Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import type { Row } from '../../db/schema.js';
import { encryptSecret } from '../../lib/crypto.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { DAY_MS } from '../../lib/time.js';

export const TOKEN_PURPOSE = 'capi-token';

export const CapiSettingsInput = Type.Object(
  {
    pixel_id: Type.String({ pattern: '^[0-9]{5,20}$', description: 'Facebook Pixel (dataset) ID' }),
    token: Type.Optional(
      Type.String({ minLength: 10, maxLength: 1000, description: 'CAPI access token; kept if left out' }),
    ),
    test_event_code: Type.Optional(
      Type.Union([Type.String({ pattern: '^[A-Za-z0-9]{1,40}$' }), Type.Null()]),
    ),
  },
  { additionalProperties: false },
);
export type CapiSettingsInput = Static<typeof CapiSettingsInput>;

/** What the API shows: never the token, only whether one is set. */
export const CapiSettings = Type.Object({
  pixel_id: Type.String(),
  has_token: Type.Boolean(),
  test_event_code: Type.Union([Type.String(), Type.Null()]),
  effective_at: Type.String({
    description: 'these settings fire for events from this time; earlier ones until then',
  }),
  previous_pixel_id: Type.Union([Type.String(), Type.Null()]),
});
export type CapiSettings = Static<typeof CapiSettings>;

type CapiRow = Row<'publisher_capi'>;

export interface CapiTarget {
  pixelId: string;
  tokenEncrypted: string;
  testEventCode: string | null;
}

/** The pixel in force at `at`: a change waits 24 hours (seed 004), the previous one fires until then. */
export function capiInForce(row: CapiRow, at: Date): CapiTarget {
  if (at.toISOString() >= row.effective_at || !row.previous_pixel_id || !row.previous_token_encrypted) {
    return { pixelId: row.pixel_id, tokenEncrypted: row.token_encrypted, testEventCode: row.test_event_code };
  }
  return {
    pixelId: row.previous_pixel_id,
    tokenEncrypted: row.previous_token_encrypted,
    testEventCode: row.previous_test_event_code,
  };
}

export async function saveCapiSettings(
  ctx: AppContext,
  publisherId: number,
  input: CapiSettingsInput,
): Promise<CapiSettings> {
  const now = ctx.clock.now();
  const existing = await ctx.db
    .selectFrom('publisher_capi')
    .selectAll()
    .where('publisher_id', '=', publisherId)
    .executeTakeFirst();
  const tokenEncrypted = input.token
    ? encryptSecret(ctx.config.secretKey, TOKEN_PURPOSE, input.token)
    : existing?.token_encrypted;
  if (!tokenEncrypted)
    throw new ValidationError('token is required the first time', 'token', 'token_required');
  const testEventCode =
    input.test_event_code === undefined ? (existing?.test_event_code ?? null) : input.test_event_code;
  if (!existing) {
    const row = await ctx.db
      .insertInto('publisher_capi')
      .values({
        publisher_id: publisherId,
        pixel_id: input.pixel_id,
        token_encrypted: tokenEncrypted,
        test_event_code: testEventCode,
        effective_at: now.toISOString(),
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return presentCapi(row);
  }
  const inForce = capiInForce(existing, now);
  const row = await ctx.db
    .updateTable('publisher_capi')
    .set({
      pixel_id: input.pixel_id,
      token_encrypted: tokenEncrypted,
      test_event_code: testEventCode,
      previous_pixel_id: inForce.pixelId,
      previous_token_encrypted: inForce.tokenEncrypted,
      previous_test_event_code: inForce.testEventCode,
      effective_at: new Date(now.getTime() + DAY_MS).toISOString(),
      updated_at: now.toISOString(),
    })
    .where('publisher_id', '=', publisherId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return presentCapi(row);
}

/** The publisher's pixel settings, or null when none are set. */
export async function findCapiSettings(ctx: AppContext, publisherId: number): Promise<CapiSettings | null> {
  const row = await ctx.db
    .selectFrom('publisher_capi')
    .selectAll()
    .where('publisher_id', '=', publisherId)
    .executeTakeFirst();
  return row ? presentCapi(row) : null;
}

export async function deleteCapiSettings(ctx: AppContext, publisherId: number): Promise<void> {
  const result = await ctx.db
    .deleteFrom('publisher_capi')
    .where('publisher_id', '=', publisherId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new NotFoundError('pixel settings');
}

function presentCapi(row: CapiRow): CapiSettings {
  return {
    pixel_id: row.pixel_id,
    has_token: row.token_encrypted !== '',
    test_event_code: row.test_event_code,
    effective_at: row.effective_at,
    previous_pixel_id: row.previous_pixel_id,
  };
}
