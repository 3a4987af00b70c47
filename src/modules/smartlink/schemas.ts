import { type Static, Type } from '@sinclair/typebox';

export const SmartLinkView = Type.Object({
  publisher_id: Type.String(),
  enabled: Type.Boolean(),
  /** Made the first time the link is switched on; kept when it is switched off. */
  code: Type.Union([Type.String(), Type.Null()]),
  /** The link to send traffic to; null while switched off. */
  url: Type.Union([Type.String(), Type.Null()]),
});
export type SmartLinkView = Static<typeof SmartLinkView>;

export const SmartLinkUpdate = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false });

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
