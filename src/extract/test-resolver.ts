import type { PlaceCandidate, PlaceResolver } from './places.ts';

/** A tiny gazetteer for tests, so the extractor's tests do not depend on the bundled one. */
const places: Array<[string, string, string, string | null, string]> = [
  // name, level, id, admin1, country
  ['Syria', 'country', 'sy', null, 'SY'],
  ['Jordan', 'country', 'jo', null, 'JO'],
  ['Homs', 'locality', 'sy-homs', 'Homs', 'SY'],
  ['Aleppo', 'locality', 'sy-aleppo', 'Aleppo', 'SY'],
  ['Aleppo', 'admin1', 'sy-aleppo-gov', 'Aleppo', 'SY'],
  ['Damascus', 'locality', 'sy-damascus', 'Damascus', 'SY'],
  ['Daraya', 'locality', 'sy-daraya', 'Rif Dimashq', 'SY'],
  ['Idlib', 'admin1', 'sy-idlib-gov', 'Idlib', 'SY'],
  ['Deir Baalbeh', 'neighbourhood', 'sy-deir-baalbeh', 'Homs', 'SY'],
  ['Aazaz', 'locality', 'sy-azaz', 'Aleppo', 'SY'],
];

export const testResolver: PlaceResolver = {
  resolve(text) {
    const lower = text.toLowerCase();
    return places
      .filter(([name]) => new RegExp(`\\b${name.toLowerCase()}\\b`).test(lower))
      .sort(
        (a, b) =>
          (a[1] === 'admin1' && /province/.test(lower) ? -1 : 0) -
          (b[1] === 'admin1' && /province/.test(lower) ? -1 : 0),
      )
      .map(
        ([name, level, id, admin1, country]): PlaceCandidate => ({
          id,
          name,
          level,
          precision: level,
          admin1,
          country,
          score: 0.9,
          matched: name,
        }),
      );
  },
};
