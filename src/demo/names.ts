import type { Rng } from './prng.ts';

/** Names in both scripts, so the victim lists read like real ones and linkage has work across scripts. */
type Name = readonly [latin: string, arabic: string];

const maleNames: readonly Name[] = [
  ['Mohammed', 'محمد'],
  ['Ahmad', 'أحمد'],
  ['Mahmoud', 'محمود'],
  ['Khaled', 'خالد'],
  ['Omar', 'عمر'],
  ['Ali', 'علي'],
  ['Hassan', 'حسن'],
  ['Hussein', 'حسين'],
  ['Abd al-Rahman', 'عبد الرحمن'],
  ['Abdullah', 'عبد الله'],
  ['Yousef', 'يوسف'],
  ['Ibrahim', 'إبراهيم'],
  ['Mustafa', 'مصطفى'],
  ['Samer', 'سامر'],
  ['Bilal', 'بلال'],
  ['Rami', 'رامي'],
  ['Tareq', 'طارق'],
  ['Walid', 'وليد'],
  ['Fadi', 'فادي'],
  ['Jamal', 'جمال'],
  ['Hamza', 'حمزة'],
  ['Anas', 'أنس'],
  ['Zakaria', 'زكريا'],
  ['Nour al-Din', 'نور الدين'],
];

const femaleNames: readonly Name[] = [
  ['Fatima', 'فاطمة'],
  ['Aisha', 'عائشة'],
  ['Maryam', 'مريم'],
  ['Zainab', 'زينب'],
  ['Huda', 'هدى'],
  ['Rasha', 'رشا'],
  ['Amina', 'آمنة'],
  ['Noor', 'نور'],
  ['Lama', 'لمى'],
  ['Rima', 'ريما'],
  ['Salma', 'سلمى'],
  ['Hiba', 'هبة'],
  ['Asmaa', 'أسماء'],
  ['Kholoud', 'خلود'],
];

const familyNames: readonly Name[] = [
  ['al-Hamwi', 'الحموي'],
  ['al-Halabi', 'الحلبي'],
  ['al-Khatib', 'الخطيب'],
  ['al-Ahmad', 'الأحمد'],
  ['al-Hussein', 'الحسين'],
  ['Haddad', 'حداد'],
  ['al-Masri', 'المصري'],
  ['al-Shami', 'الشامي'],
  ['Darwish', 'درويش'],
  ['al-Ali', 'العلي'],
  ['al-Omar', 'العمر'],
  ['Qassem', 'قاسم'],
  ['al-Saleh', 'الصالح'],
  ['Barakat', 'بركات'],
  ['al-Naimi', 'النعيمي'],
  ['Sabbagh', 'الصباغ'],
  ['al-Zoubi', 'الزعبي'],
  ['al-Masalmeh', 'المسالمة'],
  ['Kurdi', 'كردي'],
  ['al-Jasem', 'الجاسم'],
  ['Othman', 'عثمان'],
  ['al-Rifai', 'الرفاعي'],
];

export interface DemoPerson {
  sex: 'male' | 'female';
  age: number;
  latin: { given: string; father: string; family: string };
  arabic: { given: string; father: string; family: string };
}

/** One victim: a child, a woman or a man, with a father's name and a family name in both scripts. */
export function drawPerson(rng: Rng, kind: 'child' | 'woman' | 'man'): DemoPerson {
  const female = kind === 'woman' || (kind === 'child' && rng.chance(0.45));
  const given = rng.pick(female ? femaleNames : maleNames);
  const father = rng.pick(maleNames);
  const family = rng.pick(familyNames);
  const age = kind === 'child' ? rng.int(1, 16) : rng.int(18, 70);
  return {
    sex: female ? 'female' : 'male',
    age,
    latin: { given: given[0], father: father[0], family: family[0] },
    arabic: { given: given[1], father: father[1], family: family[1] },
  };
}

export const latinName = (p: DemoPerson) => `${p.latin.given} ${p.latin.father} ${p.latin.family}`;
export const arabicName = (p: DemoPerson) => `${p.arabic.given} ${p.arabic.father} ${p.arabic.family}`;
