import { parse } from 'csv-parse/sync';
import { TallyError } from '../core/errors.ts';
import { neighbourDivisions, syriaGovernorates } from './curated/admin1.ts';
import type { PlaceLevel } from './place.ts';
import type { NewPlaceRow } from './places.repo.ts';
import type { PlaceResolver } from './resolve.ts';

/**
 * Readers for the two formats monitors have at hand: a GeoNames dump (SY.txt, allCountries.txt,
 * cities500.txt: 19 tab-separated columns) and an OCHA common operational dataset CSV with
 * P-codes (admin1Name_en, admin1Pcode, ... admin4Pcode, latitude, longitude). Both give rows
 * for `importPlaces`; ids are gn-<geonameid> and <country>-pc-<pcode>, so importing twice adds nothing.
 */

const GEONAMES_ADMIN1 = new Map(
  [...syriaGovernorates, ...neighbourDivisions].map((d) => [
    `${d.country}.${d.code}`,
    `${d.country.toLowerCase()}-${d.slug}`,
  ]),
);

// GeoNames feature codes worth a kind of their own; others keep their code, lowercased.
const FEATURE_KINDS: Record<string, string> = {
  MILB: 'military_base',
  HSP: 'hospital',
  HSPC: 'clinic',
  CMPRF: 'refugee_camp',
  AIRB: 'airbase',
  AIRF: 'airfield',
  AIRP: 'airport',
  PSTB: 'border_post',
  PSTC: 'customs_post',
  PPLX: 'neighbourhood',
  PPLC: 'city',
  PPLA: 'city',
  PPLA2: 'town',
  PPLA3: 'town',
  PPL: 'village',
  ADM2: 'district',
  ADM3: 'subdistrict',
  PRN: 'prison',
  SCH: 'school',
};

function levelOfFeature(featureClass: string, featureCode: string): PlaceLevel | null {
  if (featureClass === 'A')
    return featureCode === 'ADM2' ? 'admin2' : featureCode === 'ADM3' ? 'admin3' : null;
  if (featureCode === 'PPLX') return 'neighbourhood';
  if (featureClass === 'P' || featureClass === 'S' || featureClass === 'L') return 'locality';
  return null;
}

const ARABIC_ONLY = /^[\u0621-\u064A\u064B-\u0652\s]+$/;

export interface ImportBatch {
  rows: NewPlaceRow[];
  /** Lines that were not places or lie in countries the gazetteer does not cover. */
  skipped: number;
}

/** Parses a GeoNames dump. Only rows in `countries` (those the gazetteer has) are kept. */
export function parseGeoNamesDump(text: string, countries: Set<string>): ImportBatch {
  const rows: NewPlaceRow[] = [];
  let skipped = 0;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const f = line.split('\t');
    const country = f[8] ?? '';
    const level = levelOfFeature(f[6] ?? '', f[7] ?? '');
    if (f.length < 15 || !/^\d+$/.test(f[0] ?? '') || !level || !countries.has(country)) {
      skipped++;
      continue;
    }
    const alternates = (f[3] ?? '').split(',').filter((n) => n && !/\d/.test(n));
    const population = Number(f[14]);
    rows.push({
      id: `gn-${f[0]}`,
      parent_id: GEONAMES_ADMIN1.get(`${country}.${f[10]}`) ?? country.toLowerCase(),
      level,
      kind: FEATURE_KINDS[f[7] ?? ''] ?? (f[7] ?? '').toLowerCase().replace(/[^a-z0-9]/g, '') ?? null,
      country_code: country,
      name_en: f[1] ?? '',
      name_ar: alternates.find((n) => ARABIC_ONLY.test(n)) ?? null,
      alternates: [...new Set([f[2] ?? '', ...alternates].filter((n) => n && n !== f[1]))].slice(0, 100),
      lat: Number(f[4]),
      lon: Number(f[5]),
      population: Number.isFinite(population) && population > 0 ? population : null,
      geonames_id: Number(f[0]),
      pcode: null,
      origin: 'import',
    });
  }
  return { rows, skipped };
}

interface OchaLevel {
  depth: number;
  en: string | undefined;
  ar: string | undefined;
  pcode: string | undefined;
}

function column(header: string): { depth: number; field: 'en' | 'ar' | 'pcode' } | null {
  const m = /^adm(?:in)?([0-4])(?:_?name)?_?(en|ar|pcode)$/i.exec(header.trim());
  if (!m) return null;
  return { depth: Number(m[1]), field: (m[2] ?? '').toLowerCase() as 'en' | 'ar' | 'pcode' };
}

/**
 * Parses an OCHA P-code CSV. Governorates are matched to the gazetteer's by name through the
 * resolver (OCHA writes "Idleb", "Lattakia", "Rural Damascus"); lower levels become places
 * of their own, each inside the one above it.
 */
export function parseOchaCsv(text: string, resolver: PlaceResolver, defaultCountry = 'SY'): ImportBatch {
  const records = parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: true }) as Array<
    Record<string, string>
  >;
  const headers = Object.keys(records[0] ?? {});
  const mapped = headers.map((h) => ({ header: h, col: column(h) }));
  if (!mapped.some((m) => m.col?.field === 'pcode')) {
    throw new TallyError(
      'validation_failed',
      'No P-code column found (expected headers such as admin2Pcode or ADM2_PCODE)',
    );
  }
  const latHeader = headers.find((h) => /^(lat|latitude|y)$/i.test(h));
  const lonHeader = headers.find((h) => /^(lon|long|longitude|x)$/i.test(h));
  const byId = new Map<string, NewPlaceRow>();
  let skipped = 0;
  for (const record of records) {
    const levels = new Map<number, OchaLevel>();
    for (const { header, col } of mapped) {
      if (!col) continue;
      const level = levels.get(col.depth) ?? {
        depth: col.depth,
        en: undefined,
        ar: undefined,
        pcode: undefined,
      };
      level[col.field] = record[header] || undefined;
      levels.set(col.depth, level);
    }
    const countryPcode = levels.get(0)?.pcode;
    const country = (
      countryPcode && /^[A-Z]{2}$/i.test(countryPcode) ? countryPcode : defaultCountry
    ).toUpperCase();
    const admin1 = levels.get(1);
    const admin1Id = admin1?.en
      ? resolver
          .resolve(`${admin1.en} governorate`, { country })
          .find((c) => c.level === 'admin1' && c.country === country)?.id
      : undefined;
    if (!admin1Id) {
      skipped++;
      continue;
    }
    let parentId = admin1Id;
    const deepest = Math.max(...levels.keys());
    for (let depth = 2; depth <= deepest; depth++) {
      const level = levels.get(depth);
      if (!level?.pcode || !(level.en || level.ar)) continue;
      const id = `${country.toLowerCase()}-pc-${level.pcode.toLowerCase()}`;
      const isDeepest = depth === deepest;
      const lat = isDeepest && latHeader ? Number(record[latHeader]) : Number.NaN;
      const lon = isDeepest && lonHeader ? Number(record[lonHeader]) : Number.NaN;
      if (!byId.has(id)) {
        byId.set(id, {
          id,
          parent_id: parentId,
          level: depth === 2 ? 'admin2' : depth === 3 ? 'admin3' : 'locality',
          kind: depth === 2 ? 'district' : depth === 3 ? 'subdistrict' : 'community',
          country_code: country,
          name_en: level.en ?? level.ar ?? level.pcode,
          name_ar: level.ar ?? null,
          alternates: [],
          lat: Number.isFinite(lat) ? lat : null,
          lon: Number.isFinite(lon) ? lon : null,
          population: null,
          geonames_id: null,
          pcode: level.pcode,
          origin: 'import',
        });
      }
      parentId = id;
    }
  }
  return { rows: [...byId.values()], skipped };
}
