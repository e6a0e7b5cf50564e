import { arabicWordSkeleton, hasArabic, normalizeArabic, stripArabicArticle } from './arabic.ts';
import { ARTICLES, foldLatinWord, latinWordSkeleton, unaccentLatin } from './latin.ts';

/**
 * Name normalisation shared by the gazetteer and victim-name linkage. It imports nothing
 * from other capabilities. Three levels, from strict to loose:
 *  - `nameKey`: spelling variants of one transliteration scheme meet ("Raqqah" = "Raqqa",
 *    "Deir ez-Zor" = "Dayr az Zawr" is not reached here, but "Deir al-Zor" = "Deir ez-Zor" is);
 *  - `nameSkeleton`: consonants only, in classes shared by Arabic and Latin script, so
 *    "Aazaz" meets "أعزاز" and "Dayr az Zawr" meets "Deir ez-Zor";
 *  - edit distance on skeletons (the resolver's fuzzy step) for typos.
 */

export { hasArabic, normalizeArabic } from './arabic.ts';
export { foldLatinWord, unaccentLatin } from './latin.ts';

/** A word of the input with where it was, so a match can quote the original text. */
export interface NameToken {
  /** Folded form: Latin folded by foldLatinWord, Arabic normalised without its article. */
  key: string;
  skeleton: string;
  /** The word is an article (al-, el-, as-, ال) carrying no name of its own. */
  article: boolean;
  arabic: boolean;
  start: number;
  end: number;
  /** Starts with a capital letter in the original (Latin only; Arabic has no case). */
  capitalized: boolean;
  /** Punctuation (.,;:!?()) right after the word: a phrase boundary. */
  breakAfter: boolean;
}

// A word is a run of letters, digits and in-word apostrophes/ayn marks. Hyphens split
// words so "al-Nu'man" gives the article and the name.
const WORD = /[\p{L}\p{M}\p{N}'`\u2018\u2019\u02BB\u02BC\u02BE\u02BF]+/gu;
const EDGE_MARKS = new Set(["'", '`', '\u2018', '\u2019', '\u02BB', '\u02BC', '\u02BE', '\u02BF']);
const BREAK_CHARS = new Set([...'.,;:!?()[]{}"«»\u060C\u061B\u061F']);

/** Splits text into name tokens, keeping offsets. Works on a name or a whole sentence. */
export function tokenizeName(text: string): NameToken[] {
  const tokens: NameToken[] = [];
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match !== null; match = WORD.exec(text)) {
    let start = match.index;
    let end = start + match[0].length;
    // Quotes and ayn marks at the edges of a word are punctuation ("'Homs'", "Homs'").
    while (start < end && EDGE_MARKS.has(text[start] ?? '')) start++;
    while (end > start && EDGE_MARKS.has(text[end - 1] ?? '')) end--;
    if (start === end) continue;
    const raw = stripPossessive(text.slice(start, end));
    let next = end;
    while (text[next] === ' ') next++;
    tokens.push({
      ...foldWordCached(raw),
      start,
      end: start + raw.length,
      breakAfter: BREAK_CHARS.has(text[next] ?? ''),
    });
  }
  return tokens;
}

// "Aleppo's countryside" is Aleppo's; "Ra's al-Ayn" keeps its hamza, the word being short.
function stripPossessive(raw: string): string {
  const mark = raw[raw.length - 2];
  const possessive =
    raw.length > 6 && (raw.endsWith('s') || raw.endsWith('S')) && (mark === "'" || mark === '\u2019');
  return possessive ? raw.slice(0, -2) : raw;
}

type FoldedWord = Omit<NameToken, 'start' | 'end' | 'breakAfter'>;

// Names repeat the same words (al, Deir, Kafr...) thousands of times; folding each once
// keeps building the index and resolving prose fast. Bounded so odd input cannot grow it forever.
const foldCache = new Map<string, FoldedWord>();
function foldWordCached(raw: string): FoldedWord {
  let folded = foldCache.get(raw);
  if (!folded) {
    if (foldCache.size > 100_000) foldCache.clear();
    folded = foldWord(raw);
    foldCache.set(raw, folded);
  }
  return folded;
}

function foldWord(raw: string): FoldedWord {
  if (hasArabic(raw)) {
    const normalised = normalizeArabic(raw);
    const key = stripArabicArticle(normalised);
    return {
      key,
      skeleton: arabicWordSkeleton(key),
      article: normalised === 'ال',
      arabic: true,
      capitalized: false,
    };
  }
  const plain = unaccentLatin(raw);
  const key = foldLatinWord(plain);
  const first = raw[0] ?? '';
  return {
    key,
    skeleton: latinWordSkeleton(key),
    article: ARTICLES.has(plain.replace(/[^a-z]/g, '')),
    arabic: false,
    capitalized: first !== first.toLowerCase(),
  };
}

/** The words of a name that carry it: articles dropped unless the name is nothing else. */
export function nameWords(tokens: NameToken[]): NameToken[] {
  const words = tokens.filter((token) => !token.article);
  return words.length > 0 ? words : tokens;
}

/** Key and skeleton of one name from a single tokenisation (what an index stores per name). */
export function nameForms(name: string): { key: string; skeleton: string } {
  const words = nameWords(tokenizeName(name));
  return {
    key: words.map((token) => token.key).join(' '),
    skeleton: words
      .map((token) => token.skeleton)
      .filter(Boolean)
      .join(' '),
  };
}

/** "Ma'arrat al-Nu'man" → "marat numan"; "معرة النعمان" → "معره نعمان". */
export function nameKey(name: string): string {
  return nameWords(tokenizeName(name))
    .map((token) => token.key)
    .join(' ');
}

/** "Aazaz" and "أعزاز" → "zz"; "Deir ez-Zor" and "دير الزور" → "dr zr". Empty words drop out. */
export function nameSkeleton(name: string): string {
  return nameWords(tokenizeName(name))
    .map((token) => token.skeleton)
    .filter(Boolean)
    .join(' ');
}

/** A comparable form of a person's or place's name for linkage: the key, or the raw text if it folds away. */
export function normalizeName(name: string): string {
  return nameKey(name) || name.trim().toLowerCase();
}
