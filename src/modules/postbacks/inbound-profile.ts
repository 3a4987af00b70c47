import { type Static, Type } from '@sinclair/typebox';

/**
 * An advertiser's inbound profile (issue 16): the parameter names its network's postbacks use, what
 * a call without a status means, and how a reversal is sent. Every field is optional: a name left
 * out falls back to the built-in aliases (inbound-params.ts); a configured name wins over them.
 * The status words themselves live in the advertiser's status map. Pure: no database, no context.
 */

const ParamName = (description: string) =>
  Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.\\[\\]-]+$', description });

export const InboundProfileSchema = Type.Object(
  {
    click_params: Type.Optional(
      Type.Array(ParamName('a parameter the network sends our click id in'), {
        maxItems: 5,
        description:
          'tried first, in order; when one of them is sent, the built-in click id aliases are not candidates',
      }),
    ),
    lead_id_param: Type.Optional(
      ParamName("the network's own lead/order id: finds the lead it names among this advertiser's leads"),
    ),
    status_param: Type.Optional(ParamName('the status word')),
    payout_param: Type.Optional(ParamName('the advertiser payout')),
    currency_param: Type.Optional(ParamName('the ISO 4217 currency of the payout')),
    txid_param: Type.Optional(
      ParamName("the network's transaction id: read, answered and logged (it does not deduplicate)"),
    ),
    goal_param: Type.Optional(ParamName('the goal key or alias')),
    without_status: Type.Optional(
      Type.Union([Type.Literal('approved'), Type.Literal('new-lead'), Type.Literal('refuse')], {
        description:
          'what a postback without any status means: approved, a new lead (processing) or refused (422); default: the endpoint’s (/postback approved, postback.json a new lead)',
      }),
    ),
    reversal: Type.Optional(
      Type.Union([Type.Literal('status'), Type.Literal('negative-payout'), Type.Literal('param')], {
        description:
          'how the network sends a reversal: a status word (default, via the status map), a negative payout, or a parameter (reversal_param) set to anything but 0/false/no',
      }),
    ),
    reversal_param: Type.Optional(ParamName('the parameter that marks a reversal (with reversal = param)')),
  },
  { additionalProperties: false },
);
export type InboundProfile = Static<typeof InboundProfileSchema>;

/** The profile as saved: JSON text; anything unreadable is the empty profile (aliases only). */
export function parseInboundProfile(text: string | null | undefined): InboundProfile {
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as InboundProfile) : {};
  } catch {
    return {};
  }
}

/** Drop empty names and unset fields, so `{}` means "aliases only" and nothing else. */
export function normaliseInboundProfile(profile: InboundProfile): InboundProfile {
  const out: InboundProfile = {};
  const clicks = [...new Set((profile.click_params ?? []).map((p) => p.trim()).filter((p) => p !== ''))];
  if (clicks.length > 0) out.click_params = clicks;
  for (const key of [
    'lead_id_param',
    'status_param',
    'payout_param',
    'currency_param',
    'txid_param',
    'goal_param',
    'reversal_param',
  ] as const) {
    const value = profile[key]?.trim();
    if (value) out[key] = value;
  }
  if (profile.without_status) out.without_status = profile.without_status;
  if (profile.reversal && profile.reversal !== 'status') out.reversal = profile.reversal;
  return out;
}

const NO = new Set(['', '0', 'false', 'no', 'off']);

/** Whether a reversal parameter's value marks this call as a reversal. */
export function marksReversal(value: string | undefined): boolean {
  return value !== undefined && !NO.has(value.trim().toLowerCase());
}
