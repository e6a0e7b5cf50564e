import { arabicWordSkeleton } from './arabic.ts';
import { latinWordSkeleton } from './latin.ts';
import { type NameToken, nameWords, tokenizeName } from './normalize.ts';

/**
 * A person's name split into the parts Arabic naming carries: given name (ism), father's and
 * grandfather's names (the nasab chain) and family name (laqab or nisba), in the order Syrian
 * victim lists write them. Compounds are glued first so that "Abd al-Rahman", "Abdulrahman",
 * "Abdel Rahman" and "عبد الرحمن" are one part with one skeleton, and nasab connectors
 * (bin, ibn, بن) are dropped.
 */
export interface NamePart {
  /** Folded form: Latin folded, Arabic normalised, article removed. */
  key: string;
  /** Consonant skeleton shared by both scripts. */
  skeleton: string;
  arabic: boolean;
  /** The part as written in the input (compounds with their spaces and articles). */
  text: string;
}

export interface PersonName {
  parts: NamePart[];
  given: NamePart | null;
  father: NamePart | null;
  grandfather: NamePart | null;
  family: NamePart | null;
}

const CONNECTORS = new Set(['bin', 'ibn', 'bint', 'ben', 'bn', 'بن', 'ابن', 'بنت']);
const ABD_WORDS = new Set(['abd', 'abdel', 'abdul', 'abdal', 'abdol', 'abdil', 'abdu', 'abdl', 'عبد']);
const ABU_WORDS = new Set(['abu', 'abo', 'ابو', 'ابي', 'ابا']);
const DIN_WORDS = new Set(['din', 'dine', 'deen', 'eddin', 'uddin', 'aldin', 'eldin', 'دين']);
const ALLAH_WORDS = new Set(['alah', 'allah', 'ulah', 'elah', 'lah', 'له', 'لله']);
// "Abdulrahman", "Abdelkader", "Abdurrahman" (folded: doubled letters single) → abd + name.
const LATIN_ABD_PREFIX = /^abd(?:[aeiou]l|[aeiou])?(?=[a-z]{2,}$)/;
// "Nureddin", "Nuraldin", "Salahuddin" → name + din.
const LATIN_DIN_SUFFIX = /(?<=[a-z]{2})(?:[aeiu]d|[aeiu]l|[aeiu])dina?$/;
const ARABIC_ABD_JOINED = /^عبدال(?=.{2,}$)/;
// A family name romanised with its article glued on: "Alali", "Elhassan", "Alkhatib". Arabic
// script always writes the article attached and the normaliser drops it; Latin lists glue it
// about as often as they hyphenate it, so the family part drops it too (given names such as
// "Elias" or "Alaa" are left alone).
const LATIN_GLUED_ARTICLE = /^(?:al|el)(?=[a-z]{3,}$)/;

function part(key: string, arabic: boolean, text: string): NamePart {
  return { key, skeleton: arabic ? arabicWordSkeleton(key) : latinWordSkeleton(key), arabic, text };
}

/** One word's own compound forms: "abdulrahman" → "abdrahman", "nureddin" → "nurdin". */
function glueWithin(token: NameToken, name: string): NamePart {
  let key = token.key;
  if (token.arabic) key = key.replace(ARABIC_ABD_JOINED, 'عبد');
  else key = key.replace(LATIN_ABD_PREFIX, 'abd').replace(LATIN_DIN_SUFFIX, 'din');
  return part(key, token.arabic, name.slice(token.start, token.end));
}

/** The input from the start of one token to the end of another, as written. */
const span = (name: string, from: NameToken, to: NameToken) => name.slice(from.start, to.end);

/** Splits a name into glued parts and assigns given / father / grandfather / family. */
export function splitPersonName(name: string): PersonName {
  const tokens = tokenizeName(name);
  const words = nameWords(tokens).filter((token) => !CONNECTORS.has(token.key));
  const parts: NamePart[] = [];
  // Where each part starts in the input: an article written before it ("al-Hamoud") belongs to it.
  const startOf = (token: NameToken) => {
    const at = tokens.indexOf(token);
    const before = tokens[at - 1];
    return before?.article ? before : token;
  };
  for (let w = 0; w < words.length; w++) {
    const token = words[w]!;
    const next = words[w + 1];
    if (next && (ABD_WORDS.has(token.key) || ABU_WORDS.has(token.key))) {
      const head = token.arabic
        ? ABD_WORDS.has(token.key)
          ? 'عبد'
          : 'ابو'
        : ABD_WORDS.has(token.key)
          ? 'abd'
          : 'abu';
      parts.push(part(head + glueWithin(next, name).key, token.arabic, span(name, token, next)));
      w++;
      continue;
    }
    const previous = parts[parts.length - 1];
    if (previous && w > 0 && (DIN_WORDS.has(token.key) || ALLAH_WORDS.has(token.key))) {
      const tail = DIN_WORDS.has(token.key) ? (token.arabic ? 'دين' : 'din') : token.arabic ? 'له' : 'lah';
      const text = name.slice(name.indexOf(previous.text), token.end);
      parts[parts.length - 1] = part(previous.key + tail, previous.arabic, text);
      continue;
    }
    const own = glueWithin(token, name);
    parts.push({ ...own, text: name.slice(startOf(token).start, token.end) });
  }
  const n = parts.length;
  const last = parts[n - 1];
  if (n >= 2 && last && !last.arabic && LATIN_GLUED_ARTICLE.test(last.key)) {
    const bare = part(last.key.replace(LATIN_GLUED_ARTICLE, ''), false, last.text);
    if (bare.skeleton) parts[n - 1] = bare;
  }
  return {
    parts,
    given: parts[0] ?? null,
    father: n >= 3 ? parts[1]! : null,
    grandfather: n >= 4 ? parts[2]! : null,
    family: n >= 2 ? parts[n - 1]! : null,
  };
}
