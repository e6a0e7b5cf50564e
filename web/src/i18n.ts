import { signal } from './signal.ts';

export type Lang = 'en' | 'ar';

const en = {
  appName: 'Tally',
  skip: 'Skip to content',
  dashboard: 'Dashboard',
  review: 'Review desk',
  incidents: 'Incidents',
  field: 'Field report',
  pairs: 'Victim pairs',
  signIn: 'Sign in',
  signOut: 'Sign out',
  username: 'Username',
  password: 'Password',
  totp: 'Code from your authenticator (if enabled)',
  newPassword: 'New password (at least 12 characters)',
  changePassword: 'Change password',
  mustChange: 'Your password was issued for one use: choose your own to continue.',
  language: 'العربية',
  languageLabel: 'Switch to Arabic',
  filters: 'Filters',
  from: 'From',
  to: 'To',
  province: 'Province',
  allProvinces: 'All provinces',
  group: 'Victim group',
  outcome: 'Outcome',
  grades: 'Grades',
  apply: 'Apply',
  reset: 'Reset',
  tollsOverTime: 'Toll over time',
  tollChartNote:
    'Best estimate stacked by victim group; the band shows low to high; hatched days are provisional.',
  map: 'Map of incidents',
  mapNote: 'Circles sized by best count, coloured by grade; nearby incidents cluster.',
  provinces: 'By province',
  latestBulletin: 'Latest bulletin',
  noBulletin: 'No bulletin yet.',
  low: 'Low',
  best: 'Best',
  high: 'High',
  incidentsCount: 'Incidents',
  sources: 'Sources',
  total: 'Total',
  provisional: 'Provisional',
  unknownPlace: 'Place unknown',
  loading: 'Loading…',
  nothing: 'Nothing to show for these filters.',
  signInForLive: 'Sign in to see live figures. Below: the latest published tolls.',
  noPublication: 'Nothing has been published yet.',
  published: 'Published',
  queue: 'Proposed claims',
  queueEmpty: 'No claims wait for review.',
  accept: 'Accept',
  reject: 'Reject',
  correct: 'Correct',
  reason: 'Reason',
  reasonRequired: 'A reason is required to reject or correct.',
  save: 'Save',
  cancel: 'Cancel',
  count: 'Count',
  place: 'Place',
  date: 'Date',
  cause: 'Cause',
  victims: 'Victims',
  sourceText: 'Source text',
  report: 'Report',
  claims: 'Claims',
  evidence: 'Evidence',
  noEvidence: 'No evidence is linked to this incident.',
  namedVictims: 'Named victims',
  noNamedVictims: 'No victim records are linked to this incident.',
  namedOfKilled: 'named, of a best estimate of',
  killedWord: 'killed',
  findVictims: 'Find victim records by name',
  diedInDates: "died in the incident's dates",
  linkVictim: 'Link',
  unlinkVictim: 'Unlink',
  noMatches: 'No records match.',
  search: 'Search',
  name: 'Name',
  sex: 'Sex',
  age: 'Age',
  status: 'Status',
  list: 'List',
  history: 'History',
  grade: 'Grade',
  grading: 'Grading',
  merge: 'Merge selected',
  split: 'Split off selected claims',
  setGrade: 'Set grade',
  consolidate: 'Update incidents',
  ingestWire: 'Ingest a wire report',
  wireText: 'Wire report text',
  wireSource: 'Source',
  submit: 'Submit',
  submitted: 'Submitted; extraction is running.',
  what: 'What happened',
  where: 'Where',
  placeSearch: 'Search the gazetteer',
  when: 'When',
  howMany: 'How many, by group',
  addGroup: 'Add a group',
  names: "Victims' names (one a line)",
  attachments: 'Photos, video or documents',
  yourSource: 'Source ID (from your editor)',
  outbox: 'Waiting to send',
  outboxEmpty: 'Nothing waits: every report reached the server.',
  sendNow: 'Send now',
  offline: 'Offline: reports wait on this device and are sent when the connection returns.',
  online: 'Online',
  saved: 'Saved on this device; it will be sent when possible.',
  sent: 'Sent',
  uploading: 'Uploading',
  failed: 'Refused by the server',
  attempts: 'attempts',
  uncertainPairs: 'Uncertain victim pairs',
  same: 'Same person',
  different: 'Different people',
  score: 'Score',
  noPairs: 'No pairs wait for review.',
  notFound: 'Page not found.',
  back: 'Back',
  more: 'More',
  open: 'Open',
  claimsOf: 'Claims and sources',
  people: 'people',
  demoTitle: 'No reports yet',
  demoText:
    'This database is empty. Load a sample monitor (demo data): a generated year of wire and field reports, claims, incidents, named victims and evidence across Syria, every source marked "Demo". Demo data cannot be loaded once real reports exist.',
  demoLoad: 'Load a sample monitor (demo data)',
  demoLoading: 'Loading the sample monitor… (this takes a few seconds)',
  demoAdminOnly: 'An administrator can load it here, or run: npx tally demo',
} as const;

export type MessageKey = keyof typeof en;

const ar: Record<MessageKey, string> = {
  appName: 'تالي',
  skip: 'انتقل إلى المحتوى',
  dashboard: 'لوحة المعلومات',
  review: 'مكتب المراجعة',
  incidents: 'الحوادث',
  field: 'تقرير ميداني',
  pairs: 'أزواج الضحايا',
  signIn: 'تسجيل الدخول',
  signOut: 'تسجيل الخروج',
  username: 'اسم المستخدم',
  password: 'كلمة المرور',
  totp: 'رمز تطبيق المصادقة (إن كان مفعّلاً)',
  newPassword: 'كلمة مرور جديدة (12 حرفاً على الأقل)',
  changePassword: 'تغيير كلمة المرور',
  mustChange: 'كلمة مرورك صالحة لمرة واحدة: اختر كلمة مرور خاصة بك للمتابعة.',
  language: 'English',
  languageLabel: 'التبديل إلى الإنكليزية',
  filters: 'عوامل التصفية',
  from: 'من',
  to: 'إلى',
  province: 'المحافظة',
  allProvinces: 'كل المحافظات',
  group: 'فئة الضحايا',
  outcome: 'النتيجة',
  grades: 'درجات التحقق',
  apply: 'تطبيق',
  reset: 'إعادة ضبط',
  tollsOverTime: 'الحصيلة عبر الزمن',
  tollChartNote:
    'التقدير الأفضل مكدساً حسب فئة الضحايا؛ يظهر النطاق من الأدنى إلى الأعلى؛ الأيام المظللة أولية.',
  map: 'خريطة الحوادث',
  mapNote: 'حجم الدائرة حسب التقدير الأفضل ولونها حسب الدرجة؛ تتجمع الحوادث المتقاربة.',
  provinces: 'حسب المحافظة',
  latestBulletin: 'أحدث نشرة',
  noBulletin: 'لا توجد نشرة بعد.',
  low: 'الأدنى',
  best: 'الأفضل',
  high: 'الأعلى',
  incidentsCount: 'الحوادث',
  sources: 'المصادر',
  total: 'المجموع',
  provisional: 'أولي',
  unknownPlace: 'مكان غير معروف',
  loading: 'جارٍ التحميل…',
  nothing: 'لا شيء لعرضه بهذه التصفية.',
  signInForLive: 'سجّل الدخول لرؤية الأرقام الحية. أدناه: أحدث الحصائل المنشورة.',
  noPublication: 'لم يُنشر شيء بعد.',
  published: 'نُشر',
  queue: 'الادعاءات المقترحة',
  queueEmpty: 'لا توجد ادعاءات بانتظار المراجعة.',
  accept: 'قبول',
  reject: 'رفض',
  correct: 'تصحيح',
  reason: 'السبب',
  reasonRequired: 'السبب مطلوب للرفض أو التصحيح.',
  save: 'حفظ',
  cancel: 'إلغاء',
  count: 'العدد',
  place: 'المكان',
  date: 'التاريخ',
  cause: 'السبب المباشر',
  victims: 'الضحايا',
  sourceText: 'نص المصدر',
  report: 'التقرير',
  claims: 'الادعاءات',
  evidence: 'الأدلة',
  noEvidence: 'لا أدلة مرتبطة بهذه الحادثة.',
  namedVictims: 'الضحايا بالاسم',
  noNamedVictims: 'لا سجلات ضحايا مرتبطة بهذه الحادثة.',
  namedOfKilled: 'بالاسم، من تقدير أفضل يبلغ',
  killedWord: 'قتيلًا',
  findVictims: 'ابحث في سجلات الضحايا بالاسم',
  diedInDates: 'توفّوا في تواريخ الحادثة',
  linkVictim: 'اربط',
  unlinkVictim: 'فكّ الربط',
  noMatches: 'لا سجلات مطابقة.',
  search: 'ابحث',
  name: 'الاسم',
  sex: 'الجنس',
  age: 'العمر',
  status: 'الصفة',
  list: 'القائمة',
  history: 'السجل',
  grade: 'الدرجة',
  grading: 'التقييم',
  merge: 'دمج المحدد',
  split: 'فصل الادعاءات المحددة',
  setGrade: 'تعيين الدرجة',
  consolidate: 'تحديث الحوادث',
  ingestWire: 'إدخال تقرير وكالة',
  wireText: 'نص تقرير الوكالة',
  wireSource: 'المصدر',
  submit: 'إرسال',
  submitted: 'أُرسل؛ الاستخراج جارٍ.',
  what: 'ماذا حدث',
  where: 'أين',
  placeSearch: 'ابحث في المعجم الجغرافي',
  when: 'متى',
  howMany: 'كم العدد، حسب الفئة',
  addGroup: 'أضف فئة',
  names: 'أسماء الضحايا (اسم في كل سطر)',
  attachments: 'صور أو فيديو أو مستندات',
  yourSource: 'معرّف المصدر (من محررك)',
  outbox: 'بانتظار الإرسال',
  outboxEmpty: 'لا شيء بانتظار الإرسال: وصلت كل التقارير إلى الخادم.',
  sendNow: 'أرسل الآن',
  offline: 'غير متصل: تنتظر التقارير على هذا الجهاز وتُرسل عند عودة الاتصال.',
  online: 'متصل',
  saved: 'حُفظ على هذا الجهاز؛ سيُرسل عند الإمكان.',
  sent: 'أُرسل',
  uploading: 'جارٍ الرفع',
  failed: 'رفضه الخادم',
  attempts: 'محاولات',
  uncertainPairs: 'أزواج ضحايا غير مؤكدة',
  same: 'الشخص نفسه',
  different: 'شخصان مختلفان',
  score: 'الدرجة',
  noPairs: 'لا توجد أزواج بانتظار المراجعة.',
  notFound: 'الصفحة غير موجودة.',
  back: 'رجوع',
  more: 'المزيد',
  open: 'فتح',
  claimsOf: 'الادعاءات والمصادر',
  people: 'شخصاً',
  demoTitle: 'لا توجد تقارير بعد',
  demoText:
    'قاعدة البيانات هذه فارغة. حمّل مرصداً تجريبياً (بيانات تجريبية): سنة مولّدة من تقارير الوكالات والتقارير الميدانية والادعاءات والحوادث وأسماء الضحايا والأدلة في أنحاء سوريا، وكل مصدر فيها موسوم بكلمة "Demo". لا يمكن تحميل البيانات التجريبية بعد وجود تقارير حقيقية.',
  demoLoad: 'تحميل مرصد تجريبي (بيانات تجريبية)',
  demoLoading: 'جارٍ تحميل المرصد التجريبي… (يستغرق ذلك بضع ثوانٍ)',
  demoAdminOnly: 'يمكن لمسؤول النظام تحميله من هنا، أو تشغيل: npx tally demo',
};

/** Labels for values the API returns (groups, outcomes, grades, statuses, audit actions). */
const terms: Record<Lang, Record<string, string>> = {
  en: {
    'incident.create': 'Created',
    'incident.update': 'Edited',
    'incident.delete': 'Deleted',
    'incident.link_claim': 'Claim linked',
    'incident.unlink_claim': 'Claim unlinked',
    'incident.link_victim': 'Victim record linked',
    'incident.unlink_victim': 'Victim record unlinked',
    'incident.merge': 'Merged',
    'incident.split': 'Split',
    'incident.grade_override': 'Grade set by hand',
    'incident.consolidate_create': 'Created by consolidation',
    'incident.consolidate_update': 'Updated by consolidation',
    'incident.consolidate_remove': 'Removed by consolidation',
    'incident.consolidate_orphan': 'Left without claims by consolidation',
    'incident.consolidate_unlink': 'Claim unlinked by consolidation',
  },
  ar: {
    'incident.create': 'أُنشئت',
    'incident.update': 'عُدّلت',
    'incident.delete': 'حُذفت',
    'incident.link_claim': 'رُبط ادعاء',
    'incident.unlink_claim': 'فُكّ ربط ادعاء',
    'incident.link_victim': 'رُبط سجل ضحية',
    'incident.unlink_victim': 'فُكّ ربط سجل ضحية',
    'incident.merge': 'دُمجت',
    'incident.split': 'فُصلت',
    'incident.grade_override': 'عُيّنت الدرجة يدويًا',
    'incident.consolidate_create': 'أنشأها التوحيد',
    'incident.consolidate_update': 'حدّثها التوحيد',
    'incident.consolidate_remove': 'أزالها التوحيد',
    'incident.consolidate_orphan': 'تركها التوحيد بلا ادعاءات',
    'incident.consolidate_unlink': 'فكّ التوحيد ربط ادعاء',
    all: 'الجميع',
    people: 'أشخاص',
    civilians: 'مدنيون',
    children: 'أطفال',
    women: 'نساء',
    men: 'رجال',
    combatants: 'مقاتلون',
    security_forces: 'قوات الأمن',
    protesters: 'متظاهرون',
    unknown: 'غير معروف',
    male: 'ذكر',
    female: 'أنثى',
    civilian: 'مدني',
    combatant: 'مقاتل',
    killed: 'قتلى',
    injured: 'جرحى',
    missing: 'مفقودون',
    detained: 'معتقلون',
    displaced: 'نازحون',
    unverified: 'غير متحقق',
    weak: 'ضعيف',
    fair: 'مقبول',
    confirmed: 'مؤكد',
    contested: 'متنازع عليه',
    discounted: 'مستبعد',
    proposed: 'مقترح',
    accepted: 'مقبول',
    rejected: 'مرفوض',
    in_review: 'قيد المراجعة',
    verified: 'متحقق منه',
    inconclusive: 'غير حاسم',
  },
};

const stored = (typeof localStorage !== 'undefined' && localStorage.getItem('tally.lang')) as Lang | null;
export const lang = signal<Lang>(stored === 'ar' || stored === 'en' ? stored : 'en');

export function setLang(next: Lang): void {
  localStorage.setItem('tally.lang', next);
  lang.set(next);
  applyDocumentLang();
}

/** <html lang dir>: Arabic lays the whole page out right to left. */
export function applyDocumentLang(): void {
  document.documentElement.lang = lang.value;
  document.documentElement.dir = lang.value === 'ar' ? 'rtl' : 'ltr';
  document.title = t('appName');
}

export function t(key: MessageKey): string {
  return lang.value === 'ar' ? ar[key] : en[key];
}

/** A value from the API (victim group, outcome, grade) in the reader's language. */
export function term(value: string): string {
  return terms[lang.value][value] ?? value.replaceAll('_', ' ');
}

const locale = () => (lang.value === 'ar' ? 'ar-SY' : 'en-GB');
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatNumber(value: number): string {
  const key = locale();
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(key);
    numberFormats.set(key, format);
  }
  return format.format(value);
}

/** A calendar day (YYYY-MM-DD), formatted for the reader without shifting it across time zones. */
export function formatDay(iso: string, style: 'short' | 'long' = 'short'): string {
  const key = `${locale()}/${style}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale(), {
      timeZone: 'UTC',
      year: 'numeric',
      month: style === 'long' ? 'long' : 'short',
      day: 'numeric',
    });
    dateFormats.set(key, format);
  }
  return format.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
}

export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A place's name in the reader's language, falling back to English. */
export function placeName(place: { name_en: string; name_ar: string | null } | null | undefined): string {
  if (!place) return t('unknownPlace');
  return lang.value === 'ar' && place.name_ar ? place.name_ar : place.name_en;
}
