import { describe, expect, it } from 'vitest';
import { normalizeArabic } from './arabic.ts';
import { foldLatinWord, unaccentLatin } from './latin.ts';
import { nameKey, nameSkeleton, normalizeName, tokenizeName } from './normalize.ts';

describe('normalizeArabic', () => {
  it.each([
    ['أعزاز', 'اعزاز'],
    ['إدلب', 'ادلب'],
    ['آل', 'ال'],
    ['حماة', 'حماه'],
    ['مستشفى', 'مستشفي'],
    ['مُعَرَّة', 'معره'],
    ['حلـــب', 'حلب'],
    ['مؤسسة', 'موسسه'],
    ['سوريا ٢٠١٢', 'سوريا 2012'],
  ])('folds %s to %s', (input, expected) => {
    expect(normalizeArabic(input)).toBe(expected);
  });
});

describe('foldLatinWord', () => {
  it.each([
    ['aazaz', 'azaz'],
    ['raqqah', 'raqa'],
    ['khalidiyeh', 'khalidiya'],
    ['khalidiyah', 'khalidiya'],
    ['zeitoun', 'zaytun'],
    ['deir', 'dayr'],
    ['dair', 'dayr'],
    ['tell', 'tal'],
    ['kfar', 'kafr'],
    ['sheikh', 'shaykh'],
    ['ain', 'ayn'],
  ])('folds %s to %s', (input, expected) => {
    expect(foldLatinWord(input)).toBe(expected);
  });

  it('removes accents and ayn/hamza marks', () => {
    expect(unaccentLatin('Maʿarrat an-Nu‘mān')).toBe('maarrat an-numan');
    expect(unaccentLatin('Şanlıurfa')).toBe('sanliurfa');
  });
});

describe('nameKey', () => {
  it.each([
    ["Ma'arrat al-Nu'man", 'Ma`arrat an Nu`man'],
    ['Deir ez-Zor', 'Deir al-Zor'],
    ['Deir ez-Zor', 'Dayr az Zor'],
    ['Al-Hasakah', 'Hasakah'],
    ['Hassakeh', 'Hasakah'],
    ['Raqqa', 'Ar-Raqqah'],
    ['Tell Abyad', 'Tal Abyad'],
    ['Kfar Nabl', 'Kafr Nabl'],
    ['Karm al-Zeitoun', 'Karm el-Zaytun'],
    ['أعزاز', 'اعزاز'],
    ['الرقة', 'رقه'],
  ])('gives %s and %s the same key', (a, b) => {
    expect(nameKey(a)).toBe(nameKey(b));
  });

  it('keeps different names apart', () => {
    expect(nameKey('Homs')).not.toBe(nameKey('Hama'));
    expect(nameKey('Daraya')).not.toBe(nameKey('Daraa'));
  });
});

describe('nameSkeleton', () => {
  it.each([
    ['Aazaz', 'أعزاز'],
    ['Azaz', 'إعزاز'],
    ['Maaret al-Numan', 'معرة النعمان'],
    ['Deir ez-Zor', 'دير الزور'],
    ['Deraa', 'درعا'],
    ['Hasakah', 'الحسكة'],
    ['Raqqa', 'الرقة'],
    ['Hama', 'حماة'],
    ['Homs', 'حمص'],
    ['Idlib', 'إدلب'],
    ['Tartous', 'طرطوس'],
    ['Sweida', 'السويداء'],
    ['Quneitra', 'القنيطرة'],
    ['Qamishli', 'القامشلي'],
    ['Rif Dimashq', 'ريف دمشق'],
    ['Daraya', 'داريا'],
    ['Khalidiyeh', 'الخالدية'],
    ['Dayr az Zawr', 'Deir ez-Zor'],
  ])('gives %s and %s the same skeleton across scripts', (latin, arabic) => {
    expect(nameSkeleton(latin)).toBe(nameSkeleton(arabic));
    expect(nameSkeleton(latin).length).toBeGreaterThan(0);
  });

  it('tells apart names that share only some consonants', () => {
    expect(nameSkeleton('Homs')).not.toBe(nameSkeleton('Hama'));
    expect(nameSkeleton('Aleppo')).not.toBe(nameSkeleton('Idlib'));
  });
});

describe('tokenizeName', () => {
  it('keeps offsets into the original text, marks articles, capitals and phrase breaks', () => {
    const text = "In al-Bab, Aleppo's countryside";
    const tokens = tokenizeName(text);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual([
      'In',
      'al',
      'Bab',
      'Aleppo',
      'countryside',
    ]);
    expect(tokens.map((t) => t.article)).toEqual([false, true, false, false, false]);
    expect(tokens[2]?.breakAfter).toBe(true);
    expect(tokens[3]?.capitalized).toBe(true);
    expect(tokens[4]?.capitalized).toBe(false);
  });

  it('normalises person names for linkage in either script', () => {
    expect(normalizeName('Mohammad al-Ahmad')).toBe(normalizeName('Mohammad el-Ahmad'));
    expect(normalizeName('مُحَمَّد')).toBe(normalizeName('محمد'));
  });
});
