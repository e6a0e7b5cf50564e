import { hasArabic, nameForms, nameKey } from '../names/normalize.ts';
import { type GazetteerPlace, levelDepth } from './gazetteer-data.ts';

/**
 * The in-memory index the resolver and autocomplete search. Built once from the shipped
 * data or the `place` table (a few thousand rows build in tens of milliseconds), so a
 * lookup costs a few Map reads instead of a SQL round trip.
 */
export interface IndexedPlace {
  place: GazetteerPlace;
  depth: number;
  admin1: GazetteerPlace | null;
  /** Ids of every ancestor, nearest first. */
  ancestors: string[];
  /** 0..1 from log10(population); places without a figure count as small. */
  size: number;
}

export interface NameEntry {
  target: IndexedPlace;
  /** The place's own English or Arabic name, rather than one of its alternates. */
  primary: boolean;
  key: string;
  /** The name is in Arabic script. */
  arabic: boolean;
}

export interface PlaceIndex {
  byId: Map<string, IndexedPlace>;
  byKey: Map<string, NameEntry[]>;
  bySkeleton: Map<string, NameEntry[]>;
  /** Skeletons with one letter removed → the skeletons they came from (fuzzy lookup, SymSpell-style). */
  bySkeletonDeletion: Map<string, string[]>;
  /** Every (key, entry), sorted by key, for prefix search. */
  sortedKeys: Array<{ key: string; entry: NameEntry }>;
  /** Longest name in words, which bounds the n-grams the resolver tries. */
  maxWords: number;
}

/** Skeletons shorter than this are too common ("zz", "hm") to match on fuzzily. */
export const FUZZY_MIN_SKELETON = 4;

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function deletions(skeleton: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < skeleton.length; i++) {
    if (skeleton[i] === ' ') continue;
    out.push(skeleton.slice(0, i) + skeleton.slice(i + 1));
  }
  return out;
}

export function buildPlaceIndex(places: Iterable<GazetteerPlace>): PlaceIndex {
  const byId = new Map<string, IndexedPlace>();
  const all = [...places].sort((a, b) => levelDepth[a.level] - levelDepth[b.level]);
  for (const place of all) {
    byId.set(place.id, {
      place,
      depth: levelDepth[place.level],
      admin1: null,
      ancestors: [],
      size: place.population && place.population > 0 ? Math.min(1, Math.log10(place.population) / 7) : 0,
    });
  }
  for (const indexed of byId.values()) {
    const seen = new Set<string>();
    let parentId = indexed.place.parent_id;
    while (parentId && !seen.has(parentId)) {
      seen.add(parentId);
      indexed.ancestors.push(parentId);
      parentId = byId.get(parentId)?.place.parent_id ?? null;
    }
    if (indexed.place.level === 'admin1') indexed.admin1 = indexed.place;
    else {
      const admin1Id = indexed.ancestors.find((id) => byId.get(id)?.place.level === 'admin1');
      indexed.admin1 = admin1Id ? (byId.get(admin1Id)?.place ?? null) : null;
    }
  }

  const byKey = new Map<string, NameEntry[]>();
  const bySkeleton = new Map<string, NameEntry[]>();
  let maxWords = 1;
  for (const target of byId.values()) {
    const { place } = target;
    const names: Array<[string, boolean]> = [[place.name_en, true]];
    if (place.name_ar) names.push([place.name_ar, true]);
    for (const alternate of place.alternates) names.push([alternate, false]);
    const seenKeys = new Set<string>();
    const seenSkeletons = new Set<string>();
    for (const [name, primary] of names) {
      const { key, skeleton } = nameForms(name);
      if (!key) continue;
      const arabic = hasArabic(name);
      maxWords = Math.max(maxWords, key.split(' ').length);
      // "Albu Kamal" is also written "Albukamal", "البو كمال" also "البوكمال".
      for (const form of key.includes(' ') ? [key, key.replace(/ /g, '')] : [key]) {
        if (seenKeys.has(form)) continue;
        seenKeys.add(form);
        push(byKey, form, { target, primary: primary && form === key, key: form, arabic });
      }
      if (skeleton.replace(/ /g, '').length >= 2 && !seenSkeletons.has(skeleton)) {
        seenSkeletons.add(skeleton);
        push(bySkeleton, skeleton, { target, primary, key, arabic });
      }
    }
  }
  const bySkeletonDeletion = new Map<string, string[]>();
  for (const skeleton of bySkeleton.keys()) {
    if (skeleton.replace(/ /g, '').length < FUZZY_MIN_SKELETON) continue;
    for (const deleted of new Set(deletions(skeleton))) push(bySkeletonDeletion, deleted, skeleton);
  }
  const sortedKeys: PlaceIndex['sortedKeys'] = [];
  for (const [key, entries] of byKey) for (const entry of entries) sortedKeys.push({ key, entry });
  sortedKeys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { byId, byKey, bySkeleton, bySkeletonDeletion, sortedKeys, maxWords: Math.min(maxWords, 6) };
}

/**
 * A typed prefix as a key prefix. The last word is unfinished, so an article being typed
 * ("Deir al", "دير ال", "دير الز") must not stay in the key as if it were a word.
 */
function prefixKey(prefix: string): string {
  const words = nameKey(prefix).split(' ');
  const last = words.pop() ?? '';
  const trimmed = prefix.trimEnd();
  const typingArticle = /(^|\s)(al|el|an|ar|as|ash|ad|at|az|ed|es|ez)-?$/i.test(trimmed);
  if (typingArticle) return words.length > 0 ? `${words.join(' ')} ` : '';
  const unfinished = last.startsWith('ال') ? last.slice(2) : last;
  return [...words, unfinished].join(' ') + (unfinished ? '' : ' ');
}

/** Places with a name starting with `prefix` (either script), most important first. */
export function searchPrefix(
  index: PlaceIndex,
  prefix: string,
  limit: number,
  country?: string,
): IndexedPlace[] {
  const key = prefixKey(prefix);
  if (!key) return [];
  let lo = 0;
  let hi = index.sortedKeys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((index.sortedKeys[mid]?.key ?? '') < key) lo = mid + 1;
    else hi = mid;
  }
  const found = new Map<string, { target: IndexedPlace; exact: boolean }>();
  for (let i = lo; i < index.sortedKeys.length; i++) {
    const item = index.sortedKeys[i];
    if (!item?.key.startsWith(key)) break;
    const { target } = item.entry;
    if (country && target.place.country_code !== country) continue;
    const previous = found.get(target.place.id);
    found.set(target.place.id, { target, exact: (previous?.exact ?? false) || item.key === key });
  }
  const rank = (r: { target: IndexedPlace; exact: boolean }) =>
    (r.exact ? 2 : 0) +
    (r.target.place.country_code === 'SY' ? 1 : 0) +
    (5 - r.target.depth) * 0.2 +
    r.target.size;
  return [...found.values()]
    .sort((a, b) => rank(b) - rank(a))
    .slice(0, limit)
    .map((r) => r.target);
}
