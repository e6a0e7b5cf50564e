import type { PlacePhrase } from './language.ts';
import type { PlaceCandidate, PlaceResolver } from './places.ts';

/** A place phrase after the gazetteer looked at it. */
export interface ResolvedPlace {
  id: string | null;
  name: string | null;
  admin1: string | null;
  country: string | null;
  precision: string | null;
  /** Resolved, or kept as text because no gazetteer is available. */
  usable: boolean;
}

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
    const key = `${this.country}\u0000${phrase.text}\u0000${phrase.name}\u0000${phrase.within ?? ''}`;
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
    const chosen = phrase.within
      ? this.nested(phrase)
      : (this.best(phrase.text, phrase.levelHint) ?? this.best(phrase.name, phrase.levelHint));
    if (!chosen) {
      return {
        id: null,
        name: null,
        admin1: null,
        country: null,
        precision: phrase.levelHint,
        usable: this.keepUnresolved,
      };
    }
    return {
      id: chosen.id,
      name: chosen.name,
      admin1: chosen.admin1 ?? null,
      country: chosen.country ?? null,
      precision: String(chosen.precision ?? chosen.level),
      usable: true,
    };
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
