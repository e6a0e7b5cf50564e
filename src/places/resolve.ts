import type { Queryable } from '../db/client.ts';
import { nameKey, tokenizeName } from '../names/normalize.ts';
import { bundledPlaces } from './gazetteer-data.ts';
import { borderCountry, type MentionCues, readCues } from './phrase-cues.ts';
import type { PlaceLevel } from './place.ts';
import { buildPlaceIndex, type IndexedPlace, type PlaceIndex } from './place-index.ts';
import { findMentions, type MatchKind, type Mention } from './place-matcher.ts';
import { insertBundledPlaces, listAllPlaces } from './places.repo.ts';

export interface PlaceCandidate {
  id: string;
  name: string;
  name_ar: string | null;
  level: PlaceLevel;
  precision: PlaceLevel;
  /** The governorate's English name as in the gazetteer, e.g. 'Aleppo', 'Rif Dimashq'. */
  admin1: string | null;
  admin1_id: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string;
  lat: number | null;
  lon: number | null;
  /** 0..1 */
  score: number;
  /** The words that matched. */
  matched: string;
}

export interface ResolveContext {
  country?: string;
  /** A governorate already named nearby: its name in any spelling, or its id. */
  admin1?: string;
  near?: { lat: number; lon: number };
}

export interface PlaceResolver {
  /** Best first; [] means unknown. */
  resolve(text: string, context?: ResolveContext): PlaceCandidate[];
}

/** A resolver together with the index it searches, for prefix search and lookups by id. */
export interface IndexedResolver extends PlaceResolver {
  readonly index: PlaceIndex;
}

/** Below this a candidate is a guess, and the resolver answers "unknown" instead. */
export const MIN_SCORE = 0.65;
const MAX_CANDIDATES = 8;
const MAX_TEXT = 20_000;

const BASE_SCORE: Record<MatchKind, number> = { key: 0.82, skeleton: 0.74, fuzzy: 0.62 };

// Without other cues a bare name means the city, not the governorate or district named after it.
const LEVEL_PRIOR: Record<PlaceLevel, number> = {
  country: 0.03,
  admin1: 0.01,
  admin2: -0.06,
  admin3: -0.06,
  locality: 0.03,
  neighbourhood: 0,
};
const COARSER: Record<PlaceLevel, PlaceLevel> = {
  country: 'country',
  admin1: 'admin1',
  admin2: 'admin1',
  admin3: 'admin2',
  locality: 'admin2',
  neighbourhood: 'locality',
};

interface Scored {
  target: IndexedPlace;
  score: number;
  mention: Mention;
  cues: MentionCues;
}

function kmBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 12_742 * Math.asin(Math.sqrt(h));
}
const pointOf = (t: IndexedPlace) =>
  t.place.lat != null && t.place.lon != null ? { lat: t.place.lat, lon: t.place.lon } : null;

export function createResolver(index: PlaceIndex): IndexedResolver {
  const admin1ByName = new Map<string, string>();
  for (const target of index.byId.values()) {
    if (target.place.level !== 'admin1') continue;
    for (const name of [target.place.name_en, target.place.name_ar, ...target.place.alternates]) {
      if (name && !admin1ByName.has(nameKey(name))) admin1ByName.set(nameKey(name), target.place.id);
    }
    admin1ByName.set(target.place.id, target.place.id);
  }

  function scoreEntry(
    target: IndexedPlace,
    primary: boolean,
    mention: Mention,
    cues: MentionCues,
    ctx: ResolvedContext,
  ): number {
    const { place } = target;
    let score = BASE_SCORE[mention.kind] + (primary ? 0.04 : 0);
    if (cues.level) {
      if (place.level === cues.level) score += 0.1;
      else if (cues.level === 'admin2' && place.level === 'neighbourhood')
        score += 0.02; // "Deir Baalbeh district"
      else score -= 0.12;
    } else score += LEVEL_PRIOR[place.level];
    score += 0.05 * target.size;
    if (ctx.country) score += place.country_code === ctx.country ? 0.04 : -0.2;
    else if (place.country_code === 'SY') score += 0.03;
    if (ctx.admin1) {
      if (target.admin1?.id === ctx.admin1 || place.id === ctx.admin1) score += 0.06;
      else if (target.depth >= 2) score -= 0.06;
    }
    const point = pointOf(target);
    if (ctx.near && point) score += 0.06 * Math.max(0, 1 - kmBetween(ctx.near, point) / 150);
    if (ctx.border && point && place.country_code !== ctx.border) {
      // Sources say "near the Turkish border" of places in Syria's north, within ~40 km of it.
      const northOfSyria = point.lat > 36.0;
      if (ctx.border === 'TR' ? northOfSyria : false) score += 0.03;
    }
    return score;
  }

  function resolve(text: string, context: ResolveContext = {}): PlaceCandidate[] {
    const input = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
    const tokens = tokenizeName(input);
    if (tokens.length === 0) return [];
    // In mixed-case prose names are capitalised; in all-lowercase or all-caps input, case says nothing.
    const caseMatters = tokens.some((t) => t.capitalized) && tokens.some((t) => !t.arabic && !t.capitalized);
    const mentions = findMentions(index, tokens, caseMatters);
    if (mentions.length === 0) return [];
    const ctx: ResolvedContext = {
      country: context.country?.toUpperCase(),
      admin1: context.admin1
        ? (admin1ByName.get(nameKey(context.admin1)) ?? admin1ByName.get(context.admin1))
        : undefined,
      near: context.near,
      border: borderCountry(tokens),
    };

    const perMention: Scored[][] = mentions.map((mention) => {
      const cues = readCues(tokens, mention.start, mention.end);
      const best = new Map<string, Scored>();
      for (const entry of mention.entries) {
        const score = scoreEntry(entry.target, entry.primary, mention, cues, ctx);
        const previous = best.get(entry.target.place.id);
        if (!previous || previous.score < score)
          best.set(entry.target.place.id, { target: entry.target, score, mention, cues });
      }
      return [...best.values()].sort((a, b) => b.score - a.score);
    });
    applyMutualContext(perMention);

    const all = perMention.flat().sort((a, b) => b.score - a.score);
    const seen = new Set<string>();
    const out: PlaceCandidate[] = [];
    for (const scored of all) {
      if (scored.score < MIN_SCORE || seen.has(scored.target.place.id)) continue;
      seen.add(scored.target.place.id);
      out.push(present(scored, input, tokens));
      if (out.length >= MAX_CANDIDATES) break;
    }
    return out;
  }

  return { resolve, index };
}

interface ResolvedContext {
  country: string | undefined;
  admin1: string | undefined;
  near: { lat: number; lon: number } | undefined;
  border: string | null;
}

/**
 * Several names in one phrase explain each other: in "Homs' Khalidiyeh neighbourhood" the
 * Khalidiyeh inside Homs wins, and Homs itself becomes context, ranked after the place it
 * contains. "The Damascus suburb of Daraya" works the same way by distance.
 */
function applyMutualContext(perMention: Scored[][]): void {
  if (perMention.length < 2) return;
  const leaders = perMention.map((list) => list[0]);
  for (const [i, list] of perMention.entries()) {
    const others = leaders.filter((_, j) => j !== i).flatMap((leader) => (leader ? [leader.target] : []));
    for (const scored of list) {
      const point = pointOf(scored.target);
      for (const other of others) {
        if (scored.target.ancestors.includes(other.place.id)) scored.score += 0.1;
        // "Hamidiyeh military post, Idlib": the Idlib that contains the post is the governorate.
        else if (other.ancestors.includes(scored.target.place.id)) scored.score += 0.15;
        else {
          const otherPoint = pointOf(other);
          if (point && otherPoint && kmBetween(point, otherPoint) < 40) scored.score += 0.04;
        }
      }
    }
    list.sort((a, b) => b.score - a.score);
  }
  // A mention that contains, or sits next to, a more specific one is context for it.
  const finalLeaders = perMention.map((list) => list[0]);
  for (const [i, list] of perMention.entries()) {
    const leader = finalLeaders[i];
    if (!leader) continue;
    const isContext = finalLeaders.some((other, j) => {
      if (j === i || !other) return false;
      if (other.target.ancestors.includes(leader.target.place.id)) return true;
      if (other.cues.subjectOfPartOf && other.target.depth >= leader.target.depth) return true;
      return false;
    });
    if (isContext) for (const scored of list) scored.score *= 0.85;
  }
}

function present(scored: Scored, text: string, tokens: ReturnType<typeof tokenizeName>): PlaceCandidate {
  const { place, admin1 } = scored.target;
  const first = tokens[scored.mention.start];
  const last = tokens[scored.mention.end - 1];
  const precision = scored.cues.vague && place.level === 'locality' ? COARSER[place.level] : place.level;
  return {
    id: place.id,
    name: place.name_en,
    name_ar: place.name_ar,
    level: place.level,
    precision,
    admin1: admin1?.name_en ?? null,
    admin1_id: admin1?.id ?? null,
    country: place.country_code,
    lat: place.lat,
    lon: place.lon,
    score: Math.round(Math.max(0, Math.min(1, scored.score)) * 1000) / 1000,
    matched: first && last ? text.slice(first.start, last.end) : '',
  };
}

let bundled: IndexedResolver | undefined;

/** The resolver over the shipped gazetteer, with no database. Built on first call, then shared. */
export function bundledResolver(): IndexedResolver {
  if (!bundled) bundled = createResolver(buildPlaceIndex(bundledPlaces()));
  return bundled;
}

/** The resolver over the `place` table, so places users added resolve too. */
export async function loadResolver(db: Queryable): Promise<IndexedResolver> {
  return createResolver(buildPlaceIndex(await listAllPlaces(db)));
}

/** Loads the shipped gazetteer into `place`; rows already there are left alone. Returns rows inserted. */
export async function ensureGazetteer(db: Queryable): Promise<number> {
  return insertBundledPlaces(db, bundledPlaces());
}
