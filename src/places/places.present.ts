import type { Place, PlaceSummary, PlaceWithAncestors } from './place.ts';
import type { PlaceRow } from './places.repo.ts';

/** Fields leave the server only when listed here. */
export function presentPlace(row: PlaceRow): Place {
  return {
    id: row.id,
    parent_id: row.parent_id,
    level: row.level,
    kind: row.kind,
    country_code: row.country_code,
    name_en: row.name_en,
    name_ar: row.name_ar,
    alternates: row.alternates,
    lat: row.lat,
    lon: row.lon,
    population: row.population,
    geonames_id: row.geonames_id,
    pcode: row.pcode,
    origin: row.origin,
  };
}

export function presentPlaceSummary(row: Pick<PlaceRow, keyof PlaceSummary>): PlaceSummary {
  return {
    id: row.id,
    name_en: row.name_en,
    name_ar: row.name_ar,
    level: row.level,
    country_code: row.country_code,
  };
}

/** The place first, then its ancestors nearest first (rows as findPlaceWithAncestors returns them). */
export function presentPlaceWithAncestors(chain: PlaceRow[]): PlaceWithAncestors | undefined {
  const [place, ...ancestors] = chain;
  if (!place) return undefined;
  return { ...presentPlace(place), ancestors: ancestors.map(presentPlaceSummary) };
}
