/**
 * Latin transliterations of Arabic (and Turkish, Kurdish) names. The same place arrives as
 * "Ma'arrat al-Nu'man", "Maaret al-Numan" and "Ma`arrat an Nu`man": these folds remove the
 * differences that come from transliteration schemes rather than from the name.
 */

// Ayn and hamza are written with any of these, or not at all.
const AYN_HAMZA_MARKS = /['`\u2018\u2019\u02BB\u02BC\u02BE\u02BF\u00B4\u2032]/g;

// Letters that Unicode decomposition leaves alone.
const SPECIAL_LETTERS: Record<string, string> = { ı: 'i', ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', đ: 'd', ł: 'l' };

/** The Arabic definite article as transliterations write it, as a word of its own. */
export const ARTICLES = new Set([
  'al',
  'el',
  'il',
  'ul',
  'l',
  'ad',
  'adh',
  'ar',
  'as',
  'ash',
  'at',
  'ath',
  'az',
  'an',
  'ay',
  'ed',
  'er',
  'es',
  'esh',
  'et',
  'eth',
  'ez',
  'en',
]);

/**
 * Words that recur in place names under several spellings, each to one form:
 * Deir/Dayr/Dair, Tal/Tell, Kafr/Kfar, Sheikh/Shaykh, Ain/Ayn/Ein, Beit/Bayt...
 * Keys are already lowercased, unaccented and de-doubled.
 */
const PLACE_WORD_FORMS: Record<string, string> = {};
const addForms = (canonical: string, forms: string[]) => {
  for (const form of [canonical, ...forms]) PLACE_WORD_FORMS[form] = canonical;
};
addForms('dayr', ['deir', 'dair', 'der', 'dir', 'deyr']);
addForms('tal', ['tel']);
addForms('kafr', ['kfar', 'kefr', 'kafar', 'kfr', 'kufr', 'kefer']);
addForms('shaykh', ['sheikh', 'shaikh', 'sheik', 'shekh', 'cheikh', 'shayk', 'shiekh', 'seyh']);
addForms('ayn', ['ain', 'ein', 'ayin', 'aine', 'ayoun', 'ayun', 'uyun', 'aioun']);
addForms('bayt', ['beit', 'beyt', 'bait', 'bet', 'bit']);
addForms('jabal', ['jebel', 'djebel', 'jabel', 'jbel', 'jbal', 'gebel']);
addForms('khirbat', ['khirbet', 'kherbet', 'khirbit', 'khurbat', 'kherbat']);
addForms('abu', ['abou', 'abo']);
addForms('wadi', ['wady', 'ouadi', 'oued']);
addForms('qasr', ['kasr', 'qsar']);
addForms('um', ['umm', 'om', 'oum']);
addForms('bir', ['beer', 'bier', 'bire']);
addForms('hay', ['hayy', 'hai', 'hayi']);
addForms('jisr', ['jiser', 'jisser', 'jesr']);
addForms('mazraa', ['mazraat', 'mazrat', 'mazra', 'mazrah']);
addForms('qarya', ['qaryat', 'qariya', 'qaryah']);
addForms('nahr', ['nahir']);

/** Lowercase, unaccented, without ayn/hamza marks: "Maʿarrat" → "maarrat". Keeps spaces and hyphens. */
export function unaccentLatin(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ıßæøœđł]/g, (letter) => SPECIAL_LETTERS[letter] ?? letter)
    .replace(AYN_HAMZA_MARKS, '');
}

/**
 * One unaccented Latin word in its folded form: doubled letters single, ou/oo → u,
 * ee → i, ei/ey/ai → ay, and the endings of taa marbuta and nisba unified
 * (Raqqah/Raqqa, Khalidiyeh/Khalidiya, Hassakeh/Hasakah).
 */
export function foldLatinWord(word: string): string {
  let w = word.replace(/[^a-z0-9]/g, '');
  w = w.replace(/([a-z])\1+/g, '$1');
  w = w
    .replace(/ou|oo/g, 'u')
    .replace(/ee/g, 'i')
    .replace(/e[iy]|ai/g, 'ay');
  w = w.replace(/(?:iyah|iyeh|iye|ieh|iah|iya|ia)$/, 'iya');
  if (w.length > 3) w = w.replace(/(?<=[^aeiouy])(?:ah|eh|e)$/, 'a');
  return PLACE_WORD_FORMS[w] ?? w;
}

// After folding, Arabic consonants as one class each; vowels, y, w and h-as-vowel-length vanish.
const DIGRAPHS: Array<[RegExp, string]> = [
  [/sch|sh|ch/g, 'C'],
  [/kh/g, 'X'],
  [/gh/g, 'G'],
  [/th/g, 'T'],
  [/dh/g, 'D'],
  [/ph/g, 'F'],
  [/dj/g, 'J'],
];
const LATIN_TO_CLASS: Record<string, string> = {
  b: 'b',
  p: 'b',
  t: 't',
  T: 't',
  j: 'j',
  J: 'j',
  h: 'h',
  x: 'x',
  X: 'x',
  d: 'd',
  D: 'd',
  r: 'r',
  z: 'z',
  s: 's',
  C: 'c',
  g: 'g',
  G: 'g',
  f: 'f',
  F: 'f',
  v: 'f',
  k: 'k',
  q: 'k',
  c: 'k',
  l: 'l',
  m: 'm',
  n: 'n',
};

/** The consonant skeleton of one folded Latin word, in the classes arabicWordSkeleton uses. */
export function latinWordSkeleton(folded: string): string {
  let w = folded;
  // Taa marbuta in construct ("Ma'arrat", "Madinat") and as an ending ("Raqqa") are both dropped,
  // as arabicWordSkeleton drops the letter itself.
  if (w.length > 3) w = w.replace(/(?<=[^aeiouy])(?:at|et|a)$/, '');
  for (const [pattern, replacement] of DIGRAPHS) w = w.replace(pattern, replacement);
  let out = '';
  for (const letter of w) out += LATIN_TO_CLASS[letter] ?? '';
  return out;
}
