import type { NameToken } from '../names/normalize.ts';
import { COMPOUND_HEADS, NOT_PLACES } from './phrase-cues.ts';
import { deletions, FUZZY_MIN_SKELETON, type NameEntry, type PlaceIndex } from './place-index.ts';

/** How a run of words met a name: as spelled (after folding), by consonant skeleton, or within one edit. */
export type MatchKind = 'key' | 'skeleton' | 'fuzzy';

export interface Mention {
  start: number;
  /** Exclusive token index. */
  end: number;
  kind: MatchKind;
  entries: NameEntry[];
}

// Arabic prose glues "and", "in", "to" and "like" to the next word: وحلب, بحلب, لإدلب.
const ARABIC_CLITICS = /^[وبلفك]/;

function lookup(
  index: PlaceIndex,
  words: NameToken[],
  fuzzy: boolean,
): { kind: MatchKind; entries: NameEntry[] } | null {
  const key = words.map((w) => w.key).join(' ');
  const exact = index.byKey.get(key);
  if (exact && !fuzzy) return { kind: 'key', entries: exact };
  const skeleton = words
    .map((w) => w.skeleton)
    .filter(Boolean)
    .join(' ');
  const consonants = skeleton.replace(/ /g, '').length;
  // Two consonants are enough across scripts only when spelled the same way ("Azaz"/"أعزاز"),
  // so short skeletons need at least three letters of key to stand on.
  // Arabic words meet only Arabic names by skeleton: Arabic prose is full of common words
  // whose consonants happen to spell some Latin village name ("لحقوق" and "Huqoq").
  const arabic = words[0]?.arabic ?? false;
  const sameScript = (entries: NameEntry[]) => (arabic ? entries.filter((e) => e.arabic) : entries);
  if (consonants >= 3 || (consonants === 2 && key.length >= 4)) {
    // Same consonants, different vowels is often a different name (Zahour, Zahraa): within one
    // script the spellings must be close too; across scripts only long skeletons are distinctive.
    const slack = Math.max(1, Math.floor(key.length / 4));
    const bySkeleton = sameScript(index.bySkeleton.get(skeleton) ?? []).filter((entry) =>
      entry.arabic === arabic
        ? editDistance(entry.key, key, slack) <= slack
        : consonants >= 4 || key.length <= 5,
    );
    if (bySkeleton.length > 0) return { kind: 'skeleton', entries: bySkeleton };
  }
  if (!fuzzy || consonants < FUZZY_MIN_SKELETON) return null;
  const near = fuzzyLookup(index, skeleton, key);
  const entries = near ? sameScript(near.entries) : [];
  return entries.length > 0 ? { kind: 'fuzzy', entries } : null;
}

function fuzzyLookup(
  index: PlaceIndex,
  skeleton: string,
  key: string,
): { kind: MatchKind; entries: NameEntry[] } | null {
  const candidates = new Set<string>();
  for (const deleted of deletions(skeleton)) {
    if (index.bySkeleton.has(deleted)) candidates.add(deleted);
    for (const original of index.bySkeletonDeletion.get(deleted) ?? []) candidates.add(original);
  }
  for (const original of index.bySkeletonDeletion.get(skeleton) ?? []) candidates.add(original);
  const entries: NameEntry[] = [];
  for (const candidate of candidates) {
    for (const entry of index.bySkeleton.get(candidate) ?? []) {
      // The skeleton is one letter off; the spelled key must be close too, or "Hamra" would meet "Hamah".
      if (editDistance(entry.key, key, 3) <= Math.max(1, Math.floor(key.length / 5))) entries.push(entry);
    }
  }
  return entries.length > 0 ? { kind: 'fuzzy', entries } : null;
}

/**
 * Every run of up to maxWords words that names a place, longest first and not overlapping.
 * In mixed-case prose a Latin name must start with a capital, so "the army shelled" names nothing.
 */
export function findMentions(index: PlaceIndex, tokens: NameToken[], caseMatters: boolean): Mention[] {
  const found: Mention[] = [];
  for (let start = 0; start < tokens.length; start++) {
    const first = tokens[start];
    if (!first || first.article) continue;
    if (caseMatters && !first.arabic && !first.capitalized) continue;
    // Spans end at phrase punctuation: "Hamidiyeh military post, Idlib" is two names.
    let limit = start;
    while (limit < tokens.length && limit - start < index.maxWords) {
      limit++;
      if (tokens[limit - 1]?.breakAfter) break;
    }
    // Exact and skeleton matches for every length first; the costlier fuzzy step only when none fits.
    const hit =
      matchAt(index, tokens, start, limit, false) ??
      (first.capitalized || first.arabic
        ? matchAt(index, tokens, start, Math.min(limit, start + 3), true)
        : null);
    if (hit && !halfOfUnknownCompound(tokens, hit, caseMatters)) found.push(hit);
  }
  // Longest mentions win; a shorter one inside or across a longer one is dropped.
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken = new Array<boolean>(tokens.length).fill(false);
  const kept: Mention[] = [];
  for (const mention of found) {
    let free = true;
    for (let i = mention.start; i < mention.end; i++) if (taken[i]) free = false;
    if (!free) continue;
    for (let i = mention.start; i < mention.end; i++) taken[i] = true;
    kept.push(mention);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * "Tal Jabin" when only "Tal" (the town of al-Tall) matched, or "Kafr Hamra" when only "Hamra"
 * did: the mention is half of a compound name the gazetteer lacks, and the place it found is
 * elsewhere. Unknown is the honest answer. A head after an article ("al-Tall", "Al-Bab") or
 * before punctuation is a whole name.
 */
function halfOfUnknownCompound(tokens: NameToken[], mention: Mention, caseMatters: boolean): boolean {
  const nameLike = (token: NameToken | undefined) =>
    token !== undefined && !token.article && (token.arabic || token.capitalized || !caseMatters);
  const first = tokens[mention.start];
  const last = tokens[mention.end - 1];
  const before = tokens[mention.start - 1];
  const onlyHead = mention.end - mention.start === 1 && first !== undefined && COMPOUND_HEADS.has(first.key);
  // Arabic glues the article to its word, so "التل" and "تل" fold alike: only Latin heads are judged here.
  if (onlyHead && !first.arabic && !tokens[mention.start - 1]?.article && !last?.breakAfter)
    if (nameLike(tokens[mention.end])) return true;
  return (
    before !== undefined &&
    !before.breakAfter &&
    COMPOUND_HEADS.has(before.key) &&
    nameLike(first) &&
    nameLike(before)
  );
}

function matchAt(
  index: PlaceIndex,
  tokens: NameToken[],
  start: number,
  limit: number,
  fuzzy: boolean,
): Mention | null {
  const first = tokens[start];
  if (!first) return null;
  for (let end = limit; end > start; end--) {
    const last = tokens[end - 1];
    if (!last || last.article) continue;
    const words: NameToken[] = [];
    for (let i = start; i < end; i++) {
      const token = tokens[i];
      if (token && !token.article) words.push(token);
    }
    if (words.length === 1 && NOT_PLACES.has(first.key)) return null;
    // "the Old City", "North Central": generic words together name no one place.
    if (words.every((word) => NOT_PLACES.has(word.key))) continue;
    let hit = lookup(index, words, fuzzy);
    if (!hit && !fuzzy && first.arabic && ARABIC_CLITICS.test(first.key) && first.key.length > 3) {
      hit = lookup(index, [withoutClitic(first), ...words.slice(1)], false);
    }
    if (hit) return { start, end, ...hit };
  }
  return null;
}

function withoutClitic(token: NameToken): NameToken {
  let key = token.key.slice(1);
  if (key.length > 3 && key.startsWith('ال')) key = key.slice(2);
  return { ...token, key, skeleton: token.skeleton.length > 1 ? token.skeleton.slice(1) : token.skeleton };
}

/** Optimal string alignment distance, giving up (returning limit + 1) once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((prev[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, (prevPrev[j - 2] ?? 0) + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    prevPrev = prev;
    prev = current;
  }
  return prev[b.length] ?? limit + 1;
}
