import table from './region-codes.json' with { type: 'json' };

/**
 * ISO 3166-2 codes for the regions DB-IP names. DB-IP's "IP to City Lite" database gives a region
 * NAME only ("Maharashtra", "Bavaria"), so the code is found by name within the country, in
 * region-codes.json: every ISO 3166-2 code (5,070) → its level (1: the country's first-level
 * subdivision) and its names, derived by scripts/region-codes.mjs from two maintained data
 * packages:
 * - `iso-3166` 4.4.0 (MIT, https://github.com/wooorm/iso-3166): the codes and the name ISO lists,
 *   often the local one ("Bayern", "Mahārāshtra");
 * - `cldr-subdivisions-full` 48.2.0 (Unicode-3.0, https://cldr.unicode.org): the English names of
 *   the same codes ("Bavaria", "Maharashtra"), which is how DB-IP spells most regions.
 * Names are compared without case, accents or punctuation. Sampling one address in every /18 of
 * IPv4 (2026-12-07), 1,274 of the 1,932 region names DB-IP returned map to a code, covering 93 % of
 * the sampled addresses (every Indian state and union territory but "Andaman and Nicobar", every
 * US state, England, Scotland, Wales, Northern Ireland); a region without a code is still matched
 * by its name.
 *
 * The index is built on first use, once per process (compiling a region filter, or the first region
 * record in region.ts), never per click.
 */

/** `Nagar Haveli & Daman` → `nagar haveli daman`: what two spellings of one name share. */
export function normaliseRegionName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

interface CodeIndex {
  /** `IN|maharashtra` → `IN-MH`. */
  byName: Map<string, string>;
  /** Every ISO 3166-2 code, upper case. */
  codes: Set<string>;
}

let index: CodeIndex | undefined;

function buildIndex(): CodeIndex {
  const byName = new Map<string, string>();
  const entries = Object.entries(table as Record<string, string>).map(([code, value]) => {
    const [level, ...names] = value.split('|');
    return { code, firstLevel: level === '1', names };
  });
  const add = (code: string, name: string) => {
    const key = `${code.slice(0, 2)}|${normaliseRegionName(name)}`;
    if (!byName.has(key)) byName.set(key, code);
  };
  // First-level subdivisions first: DB-IP's region is the first level, and a county may share its
  // region's name.
  for (const e of entries) if (e.firstLevel) for (const name of e.names) add(e.code, name);
  for (const e of entries) if (!e.firstLevel) for (const name of e.names) add(e.code, name);
  return { byName, codes: new Set(entries.map((e) => e.code)) };
}

function codeIndex(): CodeIndex {
  if (!index) index = buildIndex();
  return index;
}

/** The ISO 3166-2 code of a region DB-IP names, or null when neither list has that name in that country. */
export function regionCodeOf(country: string, name: string): string | null {
  return codeIndex().byName.get(`${country.toUpperCase()}|${normaliseRegionName(name)}`) ?? null;
}

/** `IN-MH`, `us-ca`, `GB-ENG`: written like an ISO 3166-2 code (then it must be one). */
export const REGION_CODE_SHAPE = /^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$/;

export function isRegionCode(value: string): boolean {
  return codeIndex().codes.has(value.toUpperCase());
}
