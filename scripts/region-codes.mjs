/**
 * Writes src/modules/streams/region-codes.json (ISO 3166-2 code → "level|name|name…") from two
 * data packages, fetched with npm's own client and not installed (the server reads only the table):
 *
 *   cd /tmp && npm pack iso-3166@4.4.0 cldr-subdivisions-full@48.2.0
 *   mkdir iso cldr && tar xzf iso-3166-4.4.0.tgz -C iso && tar xzf cldr-subdivisions-full-48.2.0.tgz -C cldr
 *   node scripts/region-codes.mjs /tmp/iso/package /tmp/cldr/package
 *
 * iso-3166 (MIT, https://github.com/wooorm/iso-3166): every code, its parent and the name ISO lists;
 * cldr-subdivisions-full (Unicode-3.0, https://cldr.unicode.org): English names by code
 * (`inmh` → "Maharashtra"). Level 1 is a subdivision whose parent is the country.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [isoDir, cldrDir] = process.argv.slice(2);
if (!isoDir || !cldrDir) throw new Error('usage: node scripts/region-codes.mjs <iso-3166 dir> <cldr-subdivisions-full dir>');
const { iso31662 } = await import(pathToFileURL(join(isoDir, '2.js')).href);
const english = JSON.parse(readFileSync(join(cldrDir, 'subdivisions/en/en.json'), 'utf8')).subdivisions
  .localeDisplayNames.subdivisions;
const codes = {};
for (const entry of iso31662) codes[entry.code] = { level: entry.parent.length === 2 ? 1 : 2, names: [entry.name] };
for (const [key, name] of Object.entries(english)) {
  const code = `${key.slice(0, 2)}-${key.slice(2)}`.toUpperCase();
  if (codes[code] && !codes[code].names.includes(name)) codes[code].names.push(name);
}
const lines = Object.entries(codes).map(([code, v]) => `${JSON.stringify(code)}:${JSON.stringify(`${v.level}|${v.names.join('|')}`)}`);
writeFileSync(
  new URL('../src/modules/streams/region-codes.json', import.meta.url),
  `{${lines.join(',\n')}}\n`,
);
process.stdout.write(`${lines.length} codes\n`);
