import { extractClaims } from '../extract/pipeline.ts';
import { bundledPlaces, type GazetteerPlace } from '../places/gazetteer-data.ts';
import { bundledResolver } from '../places/resolve.ts';
import { placePhrase } from './wire-text.ts';

/** A town the demo reports from, with its governorate, as the shipped gazetteer has them. */
export interface DemoPlace {
  id: string;
  name_en: string;
  name_ar: string;
  lat: number | null;
  lon: number | null;
  admin1: { id: string; name_en: string; name_ar: string };
}

/** How much each governorate is reported on: roughly where the fighting was, so the map has a shape. */
export const governorateWeights: Record<string, number> = {
  'sy-aleppo': 14,
  'sy-idlib': 16,
  'sy-rif-dimashq': 11,
  'sy-damascus': 4,
  'sy-daraa': 9,
  'sy-homs': 8,
  'sy-hama': 8,
  'sy-deir-ez-zor': 8,
  'sy-raqqa': 5,
  'sy-hasakah': 4,
  'sy-latakia': 4,
  'sy-quneitra': 2,
  'sy-suwayda': 3,
  'sy-tartus': 2,
};

let cached: Map<string, DemoPlace[]> | undefined;

/**
 * Towns per governorate that the extractor reads back as themselves from the demo's own wording.
 * Checked once per process, so a wire report never lands in the wrong town because two places
 * share a name.
 */
export function demoPlaces(): Map<string, DemoPlace[]> {
  if (cached) return cached;
  const all = bundledPlaces();
  const byId = new Map(all.map((p) => [p.id, p]));
  const admin1Of = (p: GazetteerPlace): GazetteerPlace | undefined => {
    let at: GazetteerPlace | undefined = p;
    while (at && at.level !== 'admin1') at = at.parent_id ? byId.get(at.parent_id) : undefined;
    return at;
  };
  const resolver = bundledResolver();
  const out = new Map<string, DemoPlace[]>();
  for (const p of all) {
    if (p.country_code !== 'SY' || p.level !== 'locality' || !p.name_ar) continue;
    if (p.kind !== 'town' && p.kind !== 'city') continue;
    const admin1 = admin1Of(p);
    if (!admin1?.name_ar || !(admin1.id in governorateWeights)) continue;
    const place: DemoPlace = {
      id: p.id,
      name_en: p.name_en,
      name_ar: p.name_ar,
      lat: p.lat,
      lon: p.lon,
      admin1: { id: admin1.id, name_en: admin1.name_en, name_ar: admin1.name_ar },
    };
    const probe = `Shelling killed 3 people ${placePhrase(place)} on Monday, activists said.`;
    const claim = extractClaims(probe, { published: '2026-01-06', resolver }).claims[0];
    if (claim?.place?.id !== p.id) continue;
    out.set(admin1.id, [...(out.get(admin1.id) ?? []), place]);
  }
  // Sorted so the draw does not depend on the gazetteer file's order.
  for (const list of out.values()) list.sort((a, b) => a.id.localeCompare(b.id));
  cached = out;
  return out;
}
