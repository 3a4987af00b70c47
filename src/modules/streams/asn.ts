import { type AsnRecord, asnRecordOf } from '../../lib/asn-database.js';

/**
 * The address's autonomous system (number and organisation) for the asn and isp filters, from the
 * offline @ip-location-db/asn database (src/lib/asn-database.ts; CC BY 4.0), the same in-memory
 * copy the hosting check reads. Private, reserved and unannounced addresses have no ASN: asn and
 * isp filters do not match them and simulate shows "unknown".
 *
 * @TODO the database is as fresh as the installed package version: update @ip-location-db/asn to
 * refresh it (a restart reloads). Connection type (cable, cellular …) is not derivable from an ASN
 * database at all and is not offered as a filter.
 */
export type AsnLookup = (ip: string) => AsnRecord | null;

let lookup: AsnLookup = asnRecordOf;

export function asnOf(ip: string): AsnRecord | null {
  return lookup(ip);
}

/** For tests (or an operator-supplied database): replace the process's lookup; null restores the built-in one. */
export function setAsnLookup(next: AsnLookup | null): void {
  lookup = next ?? asnRecordOf;
}
