/**
 * Arabic-script normalisation. Sources spell the same name with or without hamza seats,
 * vowel marks and shadda, and with taa marbuta or haa at the end; comparing names means
 * removing those differences first.
 */

// Harakat, tanween, shadda, sukun, superscript alef and Quranic marks carry no letter.
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const TATWEEL = /\u0640/g;

const LETTER_FOLDS: Record<string, string> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ؤ: 'و',
  ئ: 'ي',
  ى: 'ي',
  ة: 'ه',
  // Persian and Urdu keyboards type these for kaf and yaa.
  ک: 'ك',
  ی: 'ي',
  ې: 'ي',
};
const LETTER_FOLD_PATTERN = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'g');

const ARABIC_INDIC_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

export const ARABIC_LETTER = /[\u0621-\u064A\u0671-\u06D3]/;

export function hasArabic(text: string): boolean {
  return ARABIC_LETTER.test(text);
}

/** Folds the spelling differences that do not change an Arabic name: أعزاز = اعزاز, حماة = حماه. */
export function normalizeArabic(text: string): string {
  return text
    .replace(ARABIC_MARKS, '')
    .replace(TATWEEL, '')
    .replace(LETTER_FOLD_PATTERN, (letter) => LETTER_FOLDS[letter] ?? letter)
    .replace(/ء/g, '')
    .replace(ARABIC_INDIC_DIGITS, (digit) => String((digit.charCodeAt(0) & 0xf) % 10));
}

/**
 * One Arabic word, normalised, without the definite article: "الحسكة" → "حسكه".
 * Short words keep it, since "الل" or a two-letter root after it would be noise.
 */
export function stripArabicArticle(word: string): string {
  return word.length > 3 && word.startsWith('ال') ? word.slice(2) : word;
}

// Arabic letters as the consonant classes Latin transliterations write for them. Long
// vowels, ayn and hamza map to nothing: "أعزاز" and "Aazaz" both keep only z-z.
const ARABIC_TO_CLASS: Record<string, string> = {
  ب: 'b',
  ت: 't',
  ث: 't',
  ج: 'j',
  ح: 'h',
  خ: 'x',
  د: 'd',
  ذ: 'd',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 'c',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  غ: 'g',
  ف: 'f',
  ق: 'k',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
  پ: 'b',
  چ: 'c',
  ژ: 'j',
  گ: 'g',
  ڤ: 'f',
};

/** The consonant skeleton of one normalised Arabic word (article already removed). */
export function arabicWordSkeleton(word: string): string {
  // A final haa is nearly always a folded taa marbuta, which transliterations drop or write "a".
  const body = word.length > 2 && word.endsWith('ه') ? word.slice(0, -1) : word;
  let out = '';
  for (const letter of body) out += ARABIC_TO_CLASS[letter] ?? '';
  return out;
}
