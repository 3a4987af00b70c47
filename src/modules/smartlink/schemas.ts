import { type Static, Type } from '@sinclair/typebox';

export const SmartLinkView = Type.Object({
  publisher_id: Type.String(),
  enabled: Type.Boolean(),
  /** Made the first time the link is switched on; kept when it is switched off. */
  code: Type.Union([Type.String(), Type.Null()]),
  /** The link to send traffic to; null while switched off (for the publisher or the whole network). */
  url: Type.Union([Type.String(), Type.Null()]),
  /** The network-wide switch: false sends every smart link to the "link does not exist" page. */
  network_enabled: Type.Boolean(),
});
export type SmartLinkView = Static<typeof SmartLinkView>;

export const SmartLinkUpdate = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false });

export const SmartLinkNetwork = Type.Object({ enabled: Type.Boolean() });
export type SmartLinkNetwork = Static<typeof SmartLinkNetwork>;

export const SmartReportQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
  publisher_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
});
export type SmartReportQuery = Static<typeof SmartReportQuery>;

export const SmartReportRow = Type.Object({
  publisher_id: Type.String(),
  /** Null: clicks no offer could take (no eligible offer, or the publisher not approved). */
  offer_id: Type.Union([Type.String(), Type.Null()]),
  clicks: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
});
export type SmartReportRow = Static<typeof SmartReportRow>;

export const SmartReport = Type.Object({
  from: Type.String(),
  to: Type.String(),
  rows: Type.Array(SmartReportRow),
});
export type SmartReport = Static<typeof SmartReport>;

export const SmartSimulateQuery = Type.Object({
  country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
  ip: Type.Optional(Type.String({ maxLength: 45 })),
});

export const SmartSimulation = Type.Object({
  enabled: Type.Boolean(),
  /** The network-wide switch: false, and every smart link answers "does not exist". */
  network_enabled: Type.Boolean(),
  /** The visitor's country (given, or looked up from `ip`); null: unknown. */
  country: Type.Union([Type.String(), Type.Null()]),
  /** The currency EPCs are in (BASE_CURRENCY). */
  currency: Type.String(),
  exploration_share: Type.Number(),
  /** Where the exploiting share goes (the best EPC); null when no eligible offer has an EPC yet. */
  best_offer_id: Type.Union([Type.String(), Type.Null()]),
  offers: Type.Array(
    Type.Object({
      offer_id: Type.String(),
      eligible: Type.Boolean(),
      reason: Type.Union([Type.String(), Type.Null()]),
      /** Per click, as a decimal; null: under the 50-click minimum. */
      epc: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
export type SmartSimulation = Static<typeof SmartSimulation>;
