import { divisionsOnBorder, surroundingDivision } from '../places/adjacency.ts';
import type { ExtractedClaim } from './extraction.ts';
import type { PlacePhrase } from './language.ts';
import type { PlaceCandidate, PlaceResolver } from './places.ts';
import { within } from './text.ts';

/** A place phrase after the gazetteer looked at it. */
export interface ResolvedPlace {
  id: string | null;
  name: string | null;
  admin1: string | null;
  country: string | null;
  precision: string | null;
  /** Every division the phrase spans when it is more than one ("in and around Damascus"); else []. */
  covers: string[];
  /** Resolved, or kept as text because no gazetteer is available. */
  usable: boolean;
}

/** A place phrase with what the gazetteer made of it. */
export type ResolvedPhrase = PlacePhrase & { resolved: ResolvedPlace };

/**
 * Wires name the same few hundred places all day, so answers are kept per
 * resolver across articles (a worker extracting a stream reuses them).
 */
const caches = new WeakMap<PlaceResolver, Map<string, ResolvedPlace>>();
const CACHE_LIMIT = 50_000;

function sharedCache(resolver: PlaceResolver): Map<string, ResolvedPlace> {
  let cache = caches.get(resolver);
  if (!cache) {
    cache = new Map();
    caches.set(resolver, cache);
  }
  return cache;
}

const NESTED_MAX_KM = 60;
const FINENESS = ['country', 'admin1', 'admin2', 'admin3', 'locality', 'neighbourhood'];

function kmBetween(a: PlaceCandidate, b: PlaceCandidate): number | null {
  if (a.lat == null || a.lon == null || b.lat == null || b.lon == null) return null;
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 12_742 * Math.asin(Math.sqrt(h));
}

const countryNames: Record<string, string> = { SY: 'Syria', IQ: 'Iraq', PS: 'Palestine', LB: 'Lebanon' };

/** A place abroad must be a sure match to beat the article's own country. */
const FOREIGN_MIN_SCORE = 0.9;

/**
 * Resolves place phrases through the injected gazetteer, once per distinct
 * phrase. The resolver reads the whole phrase ("the Damascus suburb of
 * Daraya", "Aleppo province"); the bare name is the fallback.
 */
export class PlaceLookup {
  private readonly cache: Map<string, ResolvedPlace>;

  constructor(
    private readonly resolver: PlaceResolver,
    private readonly keepUnresolved: boolean,
    private readonly country: string | null,
  ) {
    this.cache = sharedCache(resolver);
  }

  resolve(phrase: PlacePhrase): ResolvedPlace {
    const key = `${this.country}\u0000${phrase.text}\u0000${phrase.name}\u0000${phrase.within ?? ''}\u0000${phrase.relation ?? ''}`;
    let resolved = this.cache.get(key);
    if (!resolved) {
      resolved = this.lookup(phrase);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, resolved);
    }
    return resolved;
  }

  private lookup(phrase: PlacePhrase): ResolvedPlace {
    if (phrase.name === 'the country')
      phrase = {
        ...phrase,
        name: countryNames[this.country ?? ''] ?? 'Syria',
        text: countryNames[this.country ?? ''] ?? 'Syria',
      };
    if (phrase.relation === 'border') return this.alongBorder(phrase);
    const chosen = phrase.within
      ? this.nested(phrase)
      : (this.best(phrase.text, phrase.levelHint) ?? this.best(phrase.name, phrase.levelHint));
    if (!chosen) return this.unresolved(phrase);
    const place = this.placeOf(chosen);
    if (phrase.relation === 'around' && chosen.admin1 && chosen.country) {
      const around = surroundingDivision(chosen.country, chosen.admin1);
      const outer = around ? this.division(around) : undefined;
      const own = this.division(chosen.admin1);
      // "in and around Damascus": both governorates, at admin1 precision; the city's own is the place.
      if (outer && own) return { ...this.placeOf(own), precision: 'admin1', covers: [own.id, outer.id] };
    }
    return place;
  }

  private unresolved(phrase: PlacePhrase): ResolvedPlace {
    return { ...unresolvedPlace(phrase), usable: this.keepUnresolved };
  }

  private placeOf(chosen: PlaceCandidate): ResolvedPlace {
    return {
      id: chosen.id,
      name: chosen.name,
      admin1: chosen.admin1 ?? null,
      country: chosen.country ?? null,
      precision: String(chosen.precision ?? chosen.level),
      covers: [],
      usable: true,
    };
  }

  private division(name: string): PlaceCandidate | undefined {
    return this.resolver
      .resolve(name)
      .find((c) => c.level === 'admin1' && (!this.country || c.country === this.country));
  }

  /**
   * "along the regime-held frontier with Jordan": the dead were on the wire's side of it, in the
   * division the gazetteer lists first along that border; the country when it lists none.
   */
  private alongBorder(phrase: PlacePhrase): ResolvedPlace {
    const neighbour = this.resolver.resolve(phrase.name).find((c) => c.level === 'country');
    const home = this.country ?? 'SY';
    const first = neighbour ? divisionsOnBorder(home, neighbour.country)[0] : undefined;
    const division = first ? this.division(first) : undefined;
    if (division) return this.placeOf(division);
    const country = this.resolver.resolve(countryNames[home] ?? 'Syria').find((c) => c.level === 'country');
    return country ? this.placeOf(country) : this.unresolved(phrase);
  }

  private best(text: string, levelHint: string | null): PlaceCandidate | undefined {
    return this.pick(this.resolver.resolve(text), levelHint);
  }

  /**
   * "the Damascus suburb of Daraya" and "the Bustan al-Qasr district of Aleppo" have the
   * same shape; the place meant is the one that is not a governorate or its capital.
   */
  private nested(phrase: PlacePhrase): PlaceCandidate | undefined {
    const named = this.best(phrase.name, null);
    const outer = this.best(phrase.within ?? '', null);
    if (!named || !outer) return named ?? outer;
    const isCapital = (c: PlaceCandidate) =>
      c.level === 'admin1' || c.level === 'country' || c.name === c.admin1;
    if (isCapital(named) && !isCapital(outer)) return outer;
    // A part lies near its whole: a namesake 300 km away ("Karrada" in Dhi Qar for Baghdad's) is not meant.
    const apart = kmBetween(named, outer);
    if (apart != null && apart > NESTED_MAX_KM && outer.level !== 'country') return outer;
    // "the Shujaiya neighbourhood of Gaza City" names the part first: the finer place is meant.
    return FINENESS.indexOf(outer.level) > FINENESS.indexOf(named.level) ? outer : named;
  }

  /** The best candidate in the article's country (or a country itself, or a sure match abroad). */
  private pick(candidates: PlaceCandidate[], levelHint: string | null): PlaceCandidate | undefined {
    const acceptable = candidates.filter(
      (c) =>
        !this.country || c.country === this.country || c.level === 'country' || c.score >= FOREIGN_MIN_SCORE,
    );
    if (levelHint === 'admin1') {
      const governorate = acceptable.find((c) => c.level === 'admin1');
      if (governorate) return governorate;
    }
    return acceptable[0];
  }
}

/**
 * Words that say which country a wire is about. The gazetteer prefers places in that country
 * and takes a place abroad only on a sure match, so a Gaza or Beirut wire read as Syrian would
 * lose its own places ("the Gaza Strip" matches at 0.87).
 */
const COUNTRY_CUES: Array<[string, RegExp]> = [
  [
    'SY',
    /\b(syria|syrian|syrians|damascus|aleppo|homs|idlib|hama|raqqa|daraa|deraa|ghouta|latakia|assad)\b/gi,
  ],
  [
    'IQ',
    /\b(iraq|iraqi|iraqis|baghdad|mosul|anbar|basra|kirkuk|karbala|kerbala|najaf|tikrit|ramadi|fallujah?|baqubah?|nineveh|diyala)\b/gi,
  ],
  [
    'PS',
    /\b(gaza|gazans?|palestinians?|west bank|jenin|nablus|hebron|ramallah|rafah|khan (?:younis|yunis)|tulkarm)\b/gi,
  ],
  ['LB', /\b(lebanon|lebanese|beirut|hezbollah|nabatieh|bekaa|beqaa|baalbek|sidon)\b/gi],
];

/** The country the wire names most (Syria on a tie, or when it names none). */
export function articleCountry(text: string): string {
  const sample = text.length > 100_000 ? text.slice(0, 100_000) : text;
  let best = 'SY';
  let most = 0;
  for (const [country, cues] of COUNTRY_CUES) {
    const count = sample.match(cues)?.length ?? 0;
    if (count > most) [best, most] = [country, count];
  }
  return best;
}

// ", 65 km northeast of", " near", " outside": what stands between a place and the landmark that locates it.
const LANDMARK_GAP =
  /^\s*,?\s*(?:(?:some |about )?\d[\d,.]*\s*(?:km|kilometres|kilometers|miles)\s+)?(?:(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+of|near|outside|close to|just outside)\s+(?:the\s+)?$/i;

/**
 * "the Ghouta region near Damascus", "Baquba, 65 km northeast of Baghdad": the second place
 * only says where the first is. Left in, it is often nearer the figure and taken for the place.
 */
export function withoutLandmarks(text: string, phrases: PlacePhrase[]): PlacePhrase[] {
  return phrases.filter((phrase, k) => {
    const before = phrases[k - 1];
    return !before || !LANDMARK_GAP.test(text.slice(before.span[1], phrase.span[0]));
  });
}

/**
 * "In Idlib province, two children died when a barrel bomb hit their home in Saraqeb": a town
 * inside the chosen province, named after the figure and before the next one, is where it
 * happened.
 */
export function finerPlaceAfter(
  text: string,
  lookup: PlaceLookup,
  chosen: ResolvedPhrase | null,
  after: PlacePhrase[],
): ResolvedPhrase | null {
  const coarse = ['country', 'admin1', 'admin2'];
  if (!chosen?.resolved.id || !coarse.includes(chosen.resolved.precision ?? '')) return chosen;
  // "killed across Aleppo province, including on Aazaz": the toll is the province's; the town is one of its places.
  if (
    /\b(across|throughout|around|all over)\s+(the\s+)?$/i.test(
      text.slice(Math.max(0, chosen.span[0] - 20), chosen.span[0]),
    )
  )
    return chosen;
  for (const phrase of after) {
    if (/\b(including|among them|notably)\b/i.test(text.slice(chosen.span[1], phrase.span[0]))) continue;
    const resolved = lookup.resolve(phrase);
    const inside =
      chosen.resolved.precision === 'country'
        ? resolved.country === chosen.resolved.country
        : resolved.admin1 === chosen.resolved.admin1;
    if (resolved.id && inside && !coarse.includes(resolved.precision ?? '')) return { ...phrase, resolved };
  }
  return chosen;
}

/** The first phrase the gazetteer resolves (or any phrase when there is no gazetteer). */
export function firstUsable(lookup: PlaceLookup, phrases: PlacePhrase[]): ResolvedPhrase | null {
  for (const phrase of phrases) {
    const resolved = lookup.resolve(phrase);
    if (resolved.usable) return { ...phrase, resolved };
  }
  return null;
}

/**
 * The figure's own clause first. When that clause names a place the gazetteer lacks ("Clashes in
 * Tal Jabin killed 14"), a town named in another clause is somewhere else; only a province or the
 * country named there may still hold it.
 */
export function placeOfFigure(
  lookup: PlaceLookup,
  phrases: PlacePhrase[],
  clause: [number, number],
): ResolvedPhrase | null {
  const inClause = (p: PlacePhrase) => within(p, clause);
  const own = firstUsable(lookup, phrases.filter(inClause));
  if (own || !phrases.some(inClause)) return own ?? firstUsable(lookup, phrases);
  const wide = firstUsable(
    lookup,
    phrases.filter((p) => !inClause(p)),
  );
  return wide && ['admin1', 'country'].includes(wide.resolved.precision ?? '') ? wide : null;
}

/** What a phrase the gazetteer does not know resolves to: its words, and the level they imply. */
function unresolvedPlace(phrase: PlacePhrase) {
  return { id: null, name: null, admin1: null, country: null, precision: phrase.levelHint, covers: [] };
}

export function unresolvedOut(phrase: PlacePhrase | undefined): ExtractedClaim['place'] {
  if (!phrase || phrase.name === 'the country') return null;
  return { text: phrase.text, ...unresolvedPlace(phrase) };
}
