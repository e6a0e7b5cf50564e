import { type NameToken, tokenizeName } from '../names/normalize.ts';
import type { PlaceLevel } from './place.ts';

/**
 * The words around a place name that say what sort of place is meant: "Aleppo province"
 * is the governorate, "the city of Aleppo" the city, "Homs' Khalidiyeh neighbourhood" a
 * neighbourhood. Keys are folded forms (foldLatinWord / normalizeArabic), as tokens carry them.
 */
const LEVEL_WORDS_RAW: Record<string, PlaceLevel> = {
  province: 'admin1',
  provinces: 'admin1',
  governorate: 'admin1',
  governorates: 'admin1',
  countryside: 'admin1',
  suburbs: 'admin1',
  rural: 'admin1',
  region: 'admin1',
  محافظه: 'admin1',
  ريف: 'admin1',
  ارياف: 'admin1',
  district: 'admin2',
  districts: 'admin2',
  منطقه: 'admin2',
  city: 'locality',
  town: 'locality',
  village: 'locality',
  مدينه: 'locality',
  بلده: 'locality',
  قريه: 'locality',
  neighbourhood: 'neighbourhood',
  neighborhood: 'neighbourhood',
  neighbourhoods: 'neighbourhood',
  neighborhoods: 'neighbourhood',
  quarter: 'neighbourhood',
  حي: 'neighbourhood',
};

/** A word as tokens carry it, so the lists below can be written in plain spelling. */
const fold = (word: string) => tokenizeName(word)[0]?.key ?? word;
const foldSet = (words: string[]) => new Set(words.map(fold));

const LEVEL_WORDS: Record<string, PlaceLevel> = Object.fromEntries(
  Object.entries(LEVEL_WORDS_RAW).map(([word, level]) => [fold(word), level]),
);

/** Words that put a place near, not at, the point named: precision drops a level. */
const VAGUE_WORDS = foldSet([
  'around',
  'near',
  'outskirts',
  'vicinity',
  'surroundings',
  'environs',
  'edge',
  'محيط',
  'اطراف',
  'قرب',
]);

/** Words that say the place named next is a part of (not the same as) one named before it. */
const PART_OF_WORDS = foldSet([
  'suburb',
  'suburbs',
  'district',
  'neighbourhood',
  'neighborhood',
  'quarter',
  'town',
  'village',
]);

const BORDERS_RAW: Record<string, string> = {
  turkish: 'TR',
  turkey: 'TR',
  lebanese: 'LB',
  lebanon: 'LB',
  jordanian: 'JO',
  jordan: 'JO',
  iraqi: 'IQ',
  iraq: 'IQ',
  israeli: 'IL',
  تركية: 'TR',
  تركيا: 'TR',
  لبنانية: 'LB',
  أردنية: 'JO',
  عراقية: 'IQ',
};
const BORDERS: Record<string, string> = Object.fromEntries(
  Object.entries(BORDERS_RAW).map(([w, c]) => [fold(w), c]),
);
const BORDER_WORDS = foldSet(['border', 'borders', 'frontier', 'الحدود', 'حدود']);

export interface MentionCues {
  /** The level the surrounding words ask for, if any. */
  level: PlaceLevel | null;
  vague: boolean;
  /** "the Damascus suburb of Daraya": Daraya is the subject, Damascus context. */
  subjectOfPartOf: boolean;
}

const isWord = (token: NameToken | undefined, words: Set<string> | Record<string, unknown>) =>
  token !== undefined && (words instanceof Set ? words.has(token.key) : token.key in words);

/** What the words just before `start` and just after `end` (exclusive) say about the mention. */
export function readCues(tokens: NameToken[], start: number, end: number): MentionCues {
  let level: PlaceLevel | null = null;
  const after = tokens[end];
  const lastInside = tokens[end - 1];
  if (after && !lastInside?.breakAfter && isWord(after, LEVEL_WORDS)) level = LEVEL_WORDS[after.key] ?? null;
  // "province of Idlib", "the northwestern province of Idlib", "محافظة إدلب", "ريف حلب".
  const before = tokens[start - 1];
  const twoBefore = tokens[start - 2];
  if (before && isWord(before, LEVEL_WORDS) && !before.breakAfter) level = LEVEL_WORDS[before.key] ?? level;
  else if (before?.key === 'of' && twoBefore && isWord(twoBefore, LEVEL_WORDS))
    level = LEVEL_WORDS[twoBefore.key] ?? level;

  let vague = false;
  for (let i = Math.max(0, start - 3); i < start; i++) if (isWord(tokens[i], VAGUE_WORDS)) vague = true;
  const subjectOfPartOf = before?.key === 'of' && twoBefore !== undefined && PART_OF_WORDS.has(twoBefore.key);
  return { level, vague, subjectOfPartOf };
}

/** "near the Turkish border" → 'TR': which neighbour's border the text places events by. */
export function borderCountry(tokens: NameToken[]): string | null {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const next = tokens[i + 1];
    const current = tokens[i];
    if (!current || !next) continue;
    if (BORDER_WORDS.has(next.key) && current.key in BORDERS) return BORDERS[current.key] ?? null;
    if (BORDER_WORDS.has(current.key) && next.key in BORDERS) return BORDERS[next.key] ?? null;
  }
  return null;
}

/**
 * Words that open Arabic compound place names: Tal Jabin, Kafr Hamra, Deir Hassan, Hosh Arab.
 * When such a name is not in the gazetteer, its head ("Tal") or its tail ("Hamra") alone
 * often is, as another place; the matcher must not take that half for the whole.
 */
export const COMPOUND_HEADS = foldSet([
  'tal',
  'tall',
  'tell',
  'tel',
  'kafr',
  'kfar',
  'kafar',
  'kfr',
  'deir',
  'dayr',
  'dair',
  'beit',
  'bayt',
  'bait',
  'ain',
  'ayn',
  'ein',
  'hosh',
  'hawsh',
  'umm',
  'um',
  'abu',
  'jabal',
  'jebel',
  'khirbet',
  'khirbat',
  'kherbet',
  'ras',
  'bir',
  'maarat',
  'maaret',
  'marj',
  'qasr',
  'sheikh',
  'shaykh',
  'bab',
  'jisr',
  'mazraat',
  'تل',
  'كفر',
  'دير',
  'بيت',
  'عين',
  'حوش',
  'ام',
  'ابو',
  'جبل',
  'خربه',
  'راس',
  'بير',
  'معره',
  'مرج',
  'قصر',
  'شيخ',
  'جسر',
  'مزرعه',
]);

/** Words that look like place names in some gazetteer but, alone, are something else in news prose. */
export const NOT_PLACES = foldSet([
  'sham',
  'observatory',
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'regime',
  'army',
  'state',
  'islamic',
  'free',
  'rebels',
  'government',
  'forces',
  'security',
  'council',
  'nations',
  'united',
  'human',
  'rights',
  'media',
  'news',
  'agency',
  'president',
  'minister',
  'reuters',
  'border',
  'front',
  'nusra',
  'jabhat',
  'ahrar',
  'hayat',
  'tahrir',
  'jaysh',
  'jaish',
  'fateh',
  'islam',
  'may',
  'march',
  'june',
  'july',
  'august',
  'april',
  'the',
  'and',
  'of',
  'in',
  'on',
  'at',
  'near',
  'around',
  'province',
  'city',
  'town',
  'village',
  'district',
  'camp',
  'north',
  'south',
  'east',
  'west',
  'central',
  'northern',
  'southern',
  'eastern',
  'western',
  'new',
  'old',
  'upper',
  'lower',
  'great',
  'greater',
  'syrian',
  'syrians',
  'arab',
  'kurdish',
  'turkish',
  'iranian',
  'russian',
  'american',
  'observatory',
  'said',
  'brahimi',
  'annan',
  'assad',
  'bashar',
  'hay',
  'mount',
  'valley',
  'road',
  'street',
  // Arabic directions and generic words that alone name regions of neighbours ("الشمال" is North Lebanon).
  'شمال',
  'جنوب',
  'شرق',
  'غرب',
  'الشمال',
  'الجنوب',
  'الشمالي',
  'الجنوبي',
  'الشرقي',
  'الغربي',
  'الشماليه',
  'الجنوبيه',
  'الشرقيه',
  'الغربيه',
  'الوسطى',
  'النظام',
  'الجيش',
  'المرصد',
  'السوري',
  'السوريه',
  'قوات',
  'يوم',
  ...Object.keys(LEVEL_WORDS_RAW),
]);
