import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as m0001 from './0001-init.js';
import * as m0002 from './0002-clicks.js';
import * as m0003 from './0003-jobs.js';
import * as m0004 from './0004-leads.js';
import * as m0005 from './0005-conversions.js';
import * as m0006 from './0006-leads-push.js';
import * as m0007 from './0007-publisher-postbacks.js';
import * as m0008 from './0008-publisher-capi.js';
import * as m0009 from './0009-marketplace.js';
import * as m0010 from './0010-local-sites.js';
import * as m0011 from './0011-advertiser-status-map.js';
import * as m0012 from './0012-payouts.js';
import * as m0013 from './0013-fraud-automation.js';
import * as m0014 from './0014-currency-rates.js';
import * as m0015 from './0015-click-param-site-status.js';
import * as m0016 from './0016-one-pending-access-request.js';
import * as m0017 from './0017-pixel-mode-payout-guard.js';
import * as m0018 from './0018-postback-warnings-strict.js';
import * as m0020 from './0020-conversions-publisher-updated.js';
import * as m0021 from './0021-publisher-payout-minimum.js';
import * as m0022 from './0022-flow-lead-postback.js';
import * as m0023 from './0023-sub6-10-sent-payouts.js';
import * as m0024 from './0024-advertiser-inbound-profile.js';
import * as m0025 from './0025-clawbacks-finality.js';
import * as m0026 from './0026-invoices-prepayment.js';
import * as m0027 from './0027-stats-token-hash.js';
import * as m0028 from './0028-admin-roles-audit.js';
import * as m0029 from './0029-two-factor-sessions.js';
import * as m0030 from './0030-cluster-rate-limits-leases.js';
import * as m0031 from './0031-push-in-flight.js';
import * as m0032 from './0032-report-rollups.js';
import * as m0033 from './0033-retention.js';
import * as m0034 from './0034-ledger-created.js';
import * as m0035 from './0035-flow-streams.js';
import * as m0036 from './0036-caps-hosting.js';
import * as m0039 from './0039-smart-links.js';
import * as m0041 from './0041-clicks-partitioned.js';
import * as m0043 from './0043-user-locale.js';
import * as m0044 from './0044-ledger-rollups.js';
import * as m0046 from './0046-smart-link-network.js';
import * as m0047 from './0047-ui-preferences.js';
import * as m0048 from './0048-saved-reports.js';
import * as m0049 from './0049-ledger-balance-index.js';
import * as m0051 from './0051-leads-click-order.js';
import * as m0052 from './0052-notification-codes.js';
import * as m0053 from './0053-server-text-codes.js';
import * as m0055 from './0055-lead-rollup-marks.js';
import * as m0056 from './0056-click-rollup-counts.js';
import * as m0059 from './0059-leads-partial-indexes.js';
import * as m0061 from './0061-publisher-approved-balances.js';
import * as m0062 from './0062-conversion-rollup-marks.js';

/** Static list: bundlers and `tsc` output need no directory scanning. */
export const migrations: Record<string, Migration> = {
  '0001-init': m0001,
  '0002-clicks': m0002,
  '0003-jobs': m0003,
  '0004-leads': m0004,
  '0005-conversions': m0005,
  '0006-leads-push': m0006,
  '0007-publisher-postbacks': m0007,
  '0008-publisher-capi': m0008,
  '0009-marketplace': m0009,
  '0010-local-sites': m0010,
  '0011-advertiser-status-map': m0011,
  '0012-payouts': m0012,
  '0013-fraud-automation': m0013,
  '0014-currency-rates': m0014,
  '0015-click-param-site-status': m0015,
  '0016-one-pending-access-request': m0016,
  '0017-pixel-mode-payout-guard': m0017,
  '0018-postback-warnings-strict': m0018,
  '0020-conversions-publisher-updated': m0020,
  '0021-publisher-payout-minimum': m0021,
  '0022-flow-lead-postback': m0022,
  '0023-sub6-10-sent-payouts': m0023,
  '0024-advertiser-inbound-profile': m0024,
  '0025-clawbacks-finality': m0025,
  '0026-invoices-prepayment': m0026,
  '0027-stats-token-hash': m0027,
  '0028-admin-roles-audit': m0028,
  '0029-two-factor-sessions': m0029,
  '0030-cluster-rate-limits-leases': m0030,
  '0031-push-in-flight': m0031,
  '0032-report-rollups': m0032,
  '0033-retention': m0033,
  '0034-ledger-created': m0034,
  '0035-flow-streams': m0035,
  '0036-caps-hosting': m0036,
  '0039-smart-links': m0039,
  '0041-clicks-partitioned': m0041,
  '0043-user-locale': m0043,
  '0044-ledger-rollups': m0044,
  '0046-smart-link-network': m0046,
  '0047-ui-preferences': m0047,
  '0048-saved-reports': m0048,
  '0049-ledger-balance-index': m0049,
  '0051-leads-click-order': m0051,
  '0052-notification-codes': m0052,
  '0053-server-text-codes': m0053,
  '0055-lead-rollup-marks': m0055,
  '0056-click-rollup-counts': m0056,
  '0059-leads-partial-indexes': m0059,
  '0061-publisher-approved-balances': m0061,
  '0062-conversion-rollup-marks': m0062,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Migrations are written on parallel branches; a database that already ran a later one must still
  // accept an earlier one that lands afterwards (0002 merged after 0003 was applied).
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
