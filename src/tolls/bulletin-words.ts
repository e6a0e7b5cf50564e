/**
 * The words of the daily bulletin in English and Arabic, in the register monitors use
 * ("At least 23 children were killed across Syria on Saturday"). Arabic counted nouns follow
 * the number's grammar only for "person"; groups use "من + plural" (ما لا يقل عن 23 من الأطفال),
 * which is correct for every number.
 */
export type Lang = 'en' | 'ar';

const weekdays = {
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  ar: ['الأحد', 'الاثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت'],
};
const months = {
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  // Levantine month names, as Syrian monitors write them.
  ar: [
    'كانون الثاني',
    'شباط',
    'آذار',
    'نيسان',
    'أيار',
    'حزيران',
    'تموز',
    'آب',
    'أيلول',
    'تشرين الأول',
    'تشرين الثاني',
    'كانون الأول',
  ],
};

export function dayPhrase(lang: Lang, day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = weekdays[lang][d.getUTCDay()];
  const month = months[lang][d.getUTCMonth()];
  return lang === 'en'
    ? `on ${weekday}, ${d.getUTCDate()} ${month} ${d.getUTCFullYear()}`
    : `يوم ${weekday} ${d.getUTCDate()} ${month} ${d.getUTCFullYear()}`;
}

const groupWords: Record<string, { en: string; ar: string }> = {
  all: { en: 'people', ar: 'الأشخاص' },
  people: { en: 'people', ar: 'الأشخاص' },
  civilians: { en: 'civilians', ar: 'المدنيين' },
  children: { en: 'children', ar: 'الأطفال' },
  women: { en: 'women', ar: 'النساء' },
  men: { en: 'men', ar: 'الرجال' },
  combatants: { en: 'fighters', ar: 'المقاتلين' },
  security_forces: { en: 'members of the security forces', ar: 'عناصر القوات النظامية' },
  protesters: { en: 'protesters', ar: 'المتظاهرين' },
  unknown: { en: 'people whose status is not known', ar: 'أشخاص مجهولي الصفة' },
};

export function groupPhrase(lang: Lang, group: string): string {
  return groupWords[group]?.[lang] ?? group.replace(/_/g, ' ');
}

/** Arabic "N persons" with the noun in the case and number the numeral demands. */
export function arabicPeople(n: number): string {
  const lastTwo = n % 100;
  if (n === 1) return 'شخص واحد';
  if (n === 2) return 'شخصان';
  if (lastTwo >= 3 && lastTwo <= 10) return 'أشخاص';
  if (lastTwo >= 11 && lastTwo <= 99) return 'شخصاً';
  return 'شخص';
}

/** Arabic "N dead": plural for 3 to 10, accusative singular for 11 to 99, genitive otherwise. */
export function arabicDead(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 3 && lastTwo <= 10) return 'قتلى';
  if (lastTwo >= 11 && lastTwo <= 99) return 'قتيلاً';
  return 'قتيل';
}

const causeWords: Record<string, { en: string; ar: string }> = {
  air_drone_strike: { en: 'in air strikes', ar: 'جراء الغارات الجوية' },
  shelling_artillery_missile: { en: 'in bombardments', ar: 'جراء القصف' },
  armed_clash: { en: 'in clashes', ar: 'في الاشتباكات' },
  sniper: { en: 'by sniper fire', ar: 'برصاص القناصة' },
  gunfire: { en: 'by gunfire', ar: 'بإطلاق النار' },
  execution: { en: 'in executions', ar: 'إعداماً' },
  ied_car_bomb: { en: 'in bombings', ar: 'جراء التفجيرات' },
  suicide_bomb: { en: 'in a suicide bombing', ar: 'في تفجير انتحاري' },
  landmine: { en: 'by landmines', ar: 'جراء انفجار ألغام' },
  chemical: { en: 'in a chemical attack', ar: 'في هجوم كيميائي' },
  death_in_detention: { en: 'in detention', ar: 'في المعتقلات' },
  torture: { en: 'under torture', ar: 'تحت التعذيب' },
};

export function causePhrase(lang: Lang, cause: string | null): string | null {
  return (cause && causeWords[cause]?.[lang]) || null;
}

export function areaPhrase(
  lang: Lang,
  area: { level: string; name_en: string; name_ar: string | null } | null,
): string {
  if (!area) return lang === 'en' ? 'in places not yet identified' : 'في أماكن لم تحدد بعد';
  if (lang === 'ar')
    return area.level === 'admin1'
      ? `في محافظة ${area.name_ar ?? area.name_en}`
      : `في ${area.name_ar ?? area.name_en}`;
  return area.level === 'admin1' ? `in ${area.name_en} province` : `in ${area.name_en}`;
}

/** "a, b and c" / "أ، وب، وج". */
export function joinList(lang: Lang, items: string[]): string {
  if (lang === 'ar') return items.join('، و');
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export const words = {
  en: {
    atLeast: 'At least',
    killedAcross: (country: string) => `were killed across ${country}`,
    among: 'Among them were at least',
    upTo: (best: number, high: number) =>
      `Other reports put the toll higher: a best estimate of ${best} and up to ${high}.`,
    provisional: (area: string, reasons: string) => `Figures for ${area} are provisional: ${reasons}.`,
    uncorroborated:
      'Further reports, not yet corroborated by an independent source, are not counted above: they speak of at least',
    none: (country: string, day: string) =>
      `No deaths across ${country} ${day} are documented by corroborated reports so far.`,
  },
  ar: {
    atLeast: 'قُتل ما لا يقل عن',
    killedAcross: (country: string) => `في أنحاء ${country}`,
    among: 'بينهم ما لا يقل عن',
    upTo: (best: number, high: number) =>
      `وتشير تقارير أخرى إلى حصيلة أعلى: ${best} في أفضل تقدير وما يصل إلى ${high}.`,
    provisional: (area: string, reasons: string) => `الأرقام الخاصة ب${area} غير نهائية: ${reasons}.`,
    uncorroborated: 'ولا تشمل هذه الحصيلة تقارير أخرى لم يؤكدها مصدر مستقل بعد، تتحدث عن ما لا يقل عن',
    none: (country: string, day: string) =>
      `لم توثق تقارير مؤكدة حتى الآن أي قتلى في أنحاء ${country} ${day}.`,
  },
};
