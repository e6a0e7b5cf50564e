import type { victimStatuses } from './victim.ts';

/**
 * How real lists head their columns and write sex and status, so a list exported from a
 * monitor's spreadsheet imports without a `--map` for every column. A column whose header is
 * a field name is that field; otherwise its header is looked up here, in English or Arabic,
 * ignoring case, spaces, punctuation and the Arabic letter variants lists mix.
 */
const HEADERS: Record<string, string[]> = {
  list_row: ['id', 'no', 'number', '#', 'record id', 'row', 'serial', 'الرقم', 'رقم', 'التسلسل', 'م'],
  name: [
    'full name',
    'victim name',
    'name of victim',
    'name of the deceased',
    'الاسم',
    'الاسم الكامل',
    'الاسم الثلاثي',
    'اسم الشهيد',
    'اسم الضحية',
    'اسم المتوفى',
  ],
  given_name: ['first name', 'forename', 'الاسم الأول'],
  father_name: ["father's name", 'father', 'اسم الأب'],
  grandfather_name: ["grandfather's name", 'grandfather', 'اسم الجد'],
  family_name: ['last name', 'surname', 'family', 'الكنية', 'اسم العائلة', 'العائلة', 'الشهرة', 'اللقب'],
  sex: ['gender', 'الجنس'],
  age: ['age at death', 'العمر', 'السن'],
  status: ['civilian status', 'civilian or combatant', 'civilian/non-civilian', 'الصفة', 'الحالة'],
  affiliation: ['armed group', 'group', 'faction', 'الفصيل', 'الانتماء', 'الجهة'],
  date_of_death: [
    'date',
    'death date',
    'date of death',
    'dod',
    'died',
    'تاريخ الوفاة',
    'تاريخ الاستشهاد',
    'تاريخ الاستشهاد او الوفاة',
    'التاريخ',
  ],
  place: [
    'place of death',
    'area',
    'area of death',
    'location',
    'locality',
    'town',
    'village',
    'city',
    'مكان الوفاة',
    'مكان الاستشهاد',
    'المكان',
    'المنطقة',
    'البلدة',
    'المدينة',
  ],
  governorate: ['governorate text', 'province', 'muhafaza', 'المحافظة', 'محافظة'],
  cause: [
    'cause of death',
    'weapon',
    'سبب الوفاة',
    'سبب الاستشهاد',
    'طريقة الاستشهاد',
    'طريقة الوفاة',
    'السبب',
  ],
  notes: ['note', 'comments', 'remarks', 'details', 'ملاحظات', 'تفاصيل'],
};

/** Lower case, Arabic letter variants folded, and nothing but letters and digits kept. */
function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[إأآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/[\u064B-\u065F\u0640]/g, '')
    .replace(/[^\p{L}\p{N}#]/gu, '');
}

const FIELD_BY_HEADER = new Map<string, string>();
for (const [field, headers] of Object.entries(HEADERS))
  for (const header of [field, ...headers]) FIELD_BY_HEADER.set(headerKey(header), field);

/** The record field a column holds, or null when its header says nothing Tally knows. */
export function fieldForColumn(header: string, fields: readonly string[]): string | null {
  if (fields.includes(header)) return header;
  const field = FIELD_BY_HEADER.get(headerKey(header));
  return field && fields.includes(field) ? field : null;
}

const SEX: Record<string, string> = {
  m: 'm',
  male: 'm',
  man: 'm',
  ذكر: 'm',
  f: 'f',
  female: 'f',
  woman: 'f',
  انثي: 'f',
  أنثى: 'f',
  انثى: 'f',
};

/** 'm', 'f' or '' for how a list writes sex ("M", "female", "ذكر"). */
export function normalizeSex(raw: string): string {
  return SEX[raw.trim().toLowerCase()] ?? '';
}

const STATUS: Record<string, (typeof victimStatuses)[number]> = {
  civilian: 'civilian',
  civ: 'civilian',
  مدني: 'civilian',
  combatant: 'combatant',
  noncivilian: 'combatant',
  fighter: 'combatant',
  military: 'combatant',
  soldier: 'combatant',
  rebel: 'combatant',
  عسكري: 'combatant',
  مقاتل: 'combatant',
  غيرمدني: 'combatant',
  unknown: 'unknown',
  غيرمعروف: 'unknown',
  مجهول: 'unknown',
};

/** A status as lists write it ("Non-Civilian", "مدني") as Tally's value; anything else is returned as given, for validation to name. */
export function readStatus(raw: string): string {
  return STATUS[headerKey(raw)] ?? raw.trim().toLowerCase();
}

// Words for a person that also say their sex or age group ("Child - Female", "طفلة", "امرأة"), folded by headerKey.
const SEX_OF_PERSON_WORDS: Record<string, string> = {
  boy: 'm',
  girl: 'f',
  طفل: 'm',
  طفله: 'f',
  رجل: 'm',
  امراه: 'f',
  سيده: 'f',
};
const AGE_GROUP_WORDS: Record<string, 'adult' | 'child'> = {
  child: 'child',
  boy: 'child',
  girl: 'child',
  minor: 'child',
  طفل: 'child',
  طفله: 'child',
  adult: 'adult',
  man: 'adult',
  woman: 'adult',
  رجل: 'adult',
  امراه: 'adult',
  سيده: 'adult',
};

/**
 * A sex as lists write it. Some lists fold the age group into it ("Adult - Male",
 * "Child - Female", "طفل"): the sex is read and the age group kept, for `age` when the
 * list gives no age.
 */
export function readSex(raw: string): { sex: string | null; ageGroup: 'adult' | 'child' | null } {
  const words = raw
    .toLowerCase()
    .split(/[\s\-/,()|]+/)
    .filter(Boolean);
  let sex: string | null = null;
  let ageGroup: 'adult' | 'child' | null = null;
  for (const word of words) {
    const folded = headerKey(word);
    ageGroup = AGE_GROUP_WORDS[folded] ?? ageGroup;
    const read = normalizeSex(word) || (SEX_OF_PERSON_WORDS[folded] ?? '');
    if (read) sex = read === 'm' ? 'male' : 'female';
  }
  return { sex: sex ?? (words.length === 0 ? null : raw.trim()), ageGroup };
}
