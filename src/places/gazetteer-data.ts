import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PlaceLevel } from './place.ts';

/** One place as the shipped gazetteer (src/places/data/gazetteer.json) and the `place` table hold it. */
export interface GazetteerPlace {
  id: string;
  parent_id: string | null;
  level: PlaceLevel;
  country_code: string;
  name_en: string;
  name_ar: string | null;
  alternates: string[];
  lat: number | null;
  lon: number | null;
  population: number | null;
  geonames_id: number | null;
  /** What sort of place: country, governorate, district, city, town, neighbourhood, military_post, camp... */
  kind: string | null;
}

export interface GazetteerFile {
  generated_by: string;
  sources: string[];
  license: string;
  places: GazetteerPlace[];
}

export const gazetteerPath = fileURLToPath(new URL('./data/gazetteer.json', import.meta.url));

let cached: GazetteerPlace[] | undefined;

/** The shipped places, parents before children. Read once per process. */
export function bundledPlaces(): GazetteerPlace[] {
  if (!cached) cached = (JSON.parse(readFileSync(gazetteerPath, 'utf8')) as GazetteerFile).places;
  return cached;
}

/** Levels in the order parents come before children; inserts follow it so parent_id always exists. */
export const levelDepth: Record<PlaceLevel, number> = {
  country: 0,
  admin1: 1,
  admin2: 2,
  admin3: 3,
  locality: 4,
  neighbourhood: 5,
};
