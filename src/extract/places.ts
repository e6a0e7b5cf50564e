import type { PlaceLevel } from '../places/place.ts';
import { bundledResolver } from '../places/resolve.ts';

/**
 * What the extractor needs from the gazetteer. It mirrors
 * src/places/resolve.ts (kept structurally compatible, so the real resolver
 * and test doubles can both be injected).
 */
export interface PlaceCandidate {
  id: string;
  name: string;
  name_ar?: string | null;
  level: PlaceLevel | string;
  precision: PlaceLevel | string;
  /** English governorate name as in the gazetteer: 'Aleppo', 'Rif Dimashq', 'Homs'. */
  admin1: string | null;
  admin1_id?: string | null;
  country: string;
  lat?: number | null;
  lon?: number | null;
  score: number;
  matched?: string;
}

export interface PlaceContext {
  country?: string;
  admin1?: string;
}

export interface PlaceResolver {
  /** Best candidate first; [] when the name is unknown. */
  resolve(text: string, context?: PlaceContext): PlaceCandidate[];
}

/** A resolver that knows nothing: place phrases are kept as text only. */
export const noPlaceResolver: PlaceResolver = { resolve: () => [] };

/** The gazetteer shipped with Tally (src/places), built once per process. */
export async function loadBundledResolver(): Promise<PlaceResolver> {
  return bundledResolver();
}
