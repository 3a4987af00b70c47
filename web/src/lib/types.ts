// What the API answers: generated from the server's own TypeBox schemas (npm run gen:api-types,
// api-types.ts) and re-exported here under the names the screens use. docs/development.md
// ("Web app internals") lists them; nothing here is written by hand.
import type { CustomReport, Dashboard, LocalSite, TestLeadReply } from './api-types';

export type {
  AdminUser as AdminAccount,
  Advertiser,
  Assignment,
  BlockedIp,
  CapView as Cap,
  Clawback,
  Click,
  Conversion,
  CurrencyRate,
  CustomReport,
  Dashboard,
  Finance,
  Flow,
  FraudEvent,
  FraudRule,
  Goal,
  HistoryEntry as LeadHistoryEntry,
  ImportReport,
  InboundProfile,
  IntegrationTemplateView as IntegrationTemplate,
  Lead,
  LeadDetail,
  LocalSite,
  Net7Reply as Net7Result,
  Notification as AdminNotification,
  Offer,
  OfferPixelSnippet,
  OutboundRequest,
  OutstandingClawbacks,
  Payout,
  PayoutBalance,
  PayoutStatus,
  PendingChange,
  PixelMode,
  PostbackLogEntry,
  PostbackPreviewReply as PostbackPreview,
  Publisher,
  PublisherOffer,
  PublisherStatsRow,
  PublisherStatus,
  Rule as AutomationRule,
  RuleAction as AutomationAction,
  Run as AutomationRun,
  SavedPayoutMethod,
  SignedInAdmin as AdminUser,
  TestLeadReply,
} from './api-types';

/** Parts of a generated answer that screens name on their own. */
export type LocalSiteFile = LocalSite['files'][number];
export type ShownRequest = TestLeadReply['request'];
export type MissingRate = CustomReport['missing_rates'][number];
export type CustomReportRow = CustomReport['data'][number];
export type DashboardMoney = Dashboard['series'][number]['money'][number];
export type DashboardCounts = Pick<
  Dashboard,
  'clicks' | 'rejected_clicks' | 'leads' | 'conversions' | 'hold'
>;
