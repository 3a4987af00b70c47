/**
 * The address's autonomous system (number and organisation) for the asn and isp filters.
 *
 * @TODO ship an offline ASN database: the @ip-location-db ASN packages (DB-IP ASN, CC BY 4.0;
 * iptoasn, PDDL) were not installable from the registry this project builds from, so no lookup is
 * wired yet. Until one is, every address's ASN is unknown: asn and isp filters validate and
 * compile but match no visitor, and simulate shows "unknown". Connection type (cable, cellular …)
 * is not derivable from an ASN database at all and is not offered as a filter.
 */
export type AsnLookup = (ip: string) => { number: number; organisation: string } | null;

let lookup: AsnLookup = () => null;

export function asnOf(ip: string): { number: number; organisation: string } | null {
  return lookup(ip);
}

/** For an operator-supplied database (and tests): replace the process's lookup. */
export function setAsnLookup(next: AsnLookup | null): void {
  lookup = next ?? (() => null);
}
