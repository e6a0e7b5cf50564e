/**
 * First-level divisions, hand-curated: GeoNames' cities500 file carries only admin1 codes,
 * not their names, and none of the spellings wire copy uses ("Damascus countryside",
 * "Hassakeh"). Codes are GeoNames admin1 codes; points are approximate centroids for Syria
 * and the capital's position elsewhere (the build script fills those from GeoNames).
 * scripts/build-gazetteer.ts reads this file; the resolver reads only the generated data.
 */
export interface CuratedAdmin1 {
  country: string;
  /** GeoNames admin1 code within the country. */
  code: string;
  slug: string;
  name_en: string;
  name_ar: string | null;
  alternates: string[];
  /** Approximate centroid; when absent the build uses the division's capital from GeoNames. */
  point?: [number, number];
  /** GeoNames id of the capital, for divisions whose capital gives the point. */
  pcode?: string;
}

export interface CuratedCountry {
  code: string;
  name_en: string;
  name_ar: string;
  alternates: string[];
  point: [number, number];
  /** Only these admin1 codes are kept (Turkey: the border provinces); all when absent. */
  keepAdmin1?: string[];
}

export const curatedCountries: CuratedCountry[] = [
  {
    code: 'SY',
    name_en: 'Syria',
    name_ar: 'سوريا',
    alternates: ['Syrian Arab Republic', 'سورية', 'Suriya', 'Souria'],
    point: [35.0, 38.5],
  },
  { code: 'LB', name_en: 'Lebanon', name_ar: 'لبنان', alternates: ['Liban', 'Lubnan'], point: [33.9, 35.9] },
  {
    code: 'JO',
    name_en: 'Jordan',
    name_ar: 'الأردن',
    alternates: ['Hashemite Kingdom of Jordan', 'Urdun'],
    point: [31.2, 36.5],
  },
  { code: 'IQ', name_en: 'Iraq', name_ar: 'العراق', alternates: ['Irak'], point: [33.0, 43.7] },
  {
    code: 'TR',
    name_en: 'Turkey',
    name_ar: 'تركيا',
    alternates: ['Türkiye', 'Turkiye', 'Turkiya'],
    point: [39.0, 35.2],
    keepAdmin1: ['31', '83', '90', '63', '72', '80', '70'],
  },
  { code: 'IL', name_en: 'Israel', name_ar: 'إسرائيل', alternates: ['Israil'], point: [31.4, 34.9] },
  {
    code: 'PS',
    name_en: 'Palestine',
    name_ar: 'فلسطين',
    alternates: ['Palestinian Territories', 'State of Palestine', 'Filastin'],
    point: [31.9, 35.2],
  },
];

const sy = (
  code: string,
  slug: string,
  name_en: string,
  name_ar: string,
  alternates: string[],
  point: [number, number],
): CuratedAdmin1 => ({
  country: 'SY',
  code,
  slug,
  name_en,
  name_ar,
  alternates,
  point,
});

/** Syria's 14 governorates, with the spellings sources actually use. */
export const syriaGovernorates: CuratedAdmin1[] = [
  sy(
    '13',
    'damascus',
    'Damascus',
    'دمشق',
    ['Damascus Governorate', 'Damascus city', 'Dimashq', 'Dimashq Governorate', 'محافظة دمشق', 'مدينة دمشق'],
    [33.51, 36.29],
  ),
  sy(
    '08',
    'rif-dimashq',
    'Rif Dimashq',
    'ريف دمشق',
    [
      'Rif Dimashq Governorate',
      'Rif Dimashq province',
      'Damascus countryside',
      'Damascus suburbs',
      'Damascus province',
      'Rural Damascus',
      'Reef Damascus',
      'Rif Damascus',
      'Rif-Dimashq',
      'Reef Dimashq',
      'Damascus Countryside Governorate',
      'Damascus Rural',
      'Damascus outskirts',
      'Countryside of Damascus',
      'Suburbs of Damascus',
      'Rif Dimashk',
      'محافظة ريف دمشق',
    ],
    [33.55, 36.75],
  ),
  sy(
    '09',
    'aleppo',
    'Aleppo',
    'حلب',
    ['Aleppo Governorate', 'Halab', 'Haleb', 'Alep', 'محافظة حلب'],
    [36.2, 37.6],
  ),
  sy(
    '11',
    'homs',
    'Homs',
    'حمص',
    ['Homs Governorate', 'Hims', 'Hums', 'Homs province', 'محافظة حمص'],
    [34.6, 38.2],
  ),
  sy(
    '10',
    'hama',
    'Hama',
    'حماة',
    ['Hama Governorate', 'Hamah', 'Hamat', 'Hamaa', 'محافظة حماة', 'حماه'],
    [35.2, 37.0],
  ),
  sy(
    '12',
    'idlib',
    'Idlib',
    'إدلب',
    ['Idlib Governorate', 'Idleb', 'Edlib', 'Idlib province', 'محافظة إدلب'],
    [35.8, 36.6],
  ),
  sy(
    '02',
    'latakia',
    'Latakia',
    'اللاذقية',
    [
      'Latakia Governorate',
      'Lattakia',
      'Al-Ladhiqiyah',
      'Ladhiqiyah',
      'Lattaquié',
      'Latakiyah',
      'محافظة اللاذقية',
    ],
    [35.65, 36.0],
  ),
  sy(
    '14',
    'tartus',
    'Tartus',
    'طرطوس',
    ['Tartus Governorate', 'Tartous', 'Tartūs', 'Tortosa', 'محافظة طرطوس'],
    [34.9, 36.05],
  ),
  sy(
    '07',
    'deir-ez-zor',
    'Deir ez-Zor',
    'دير الزور',
    [
      'Deir ez-Zor Governorate',
      'Deir al-Zour',
      'Deir al-Zor',
      'Deir el-Zour',
      'Dayr az Zawr',
      'Deir Ezzor',
      'Deir Ezzour',
      'Deir Zor',
      'Deirezzor',
      'Dair al-Zour',
      'محافظة دير الزور',
    ],
    [35.1, 40.3],
  ),
  sy(
    '04',
    'raqqa',
    'Raqqa',
    'الرقة',
    ['Raqqa Governorate', 'Ar-Raqqah', 'Ar Raqqah', 'Al-Raqqa', 'Rakka', 'Raqqah', 'محافظة الرقة'],
    [35.9, 38.9],
  ),
  sy(
    '01',
    'hasakah',
    'Hasakah',
    'الحسكة',
    [
      'Al-Hasakah Governorate',
      'Al-Hasakah',
      'Hassakeh',
      'Hasaka',
      'Hasakeh',
      'Al-Hasaka',
      'Hassake',
      'Jazira',
      'محافظة الحسكة',
    ],
    [36.6, 40.9],
  ),
  sy(
    '06',
    'daraa',
    'Daraa',
    'درعا',
    ['Daraa Governorate', 'Deraa', "Dera'a", 'Dera', "Dar'a", 'Deraah', 'Horan', 'Hauran', 'محافظة درعا'],
    [32.85, 36.2],
  ),
  sy(
    '05',
    'suwayda',
    'Suwayda',
    'السويداء',
    [
      'As-Suwayda Governorate',
      'As-Suwayda',
      'Sweida',
      'Sweyda',
      'Suwaida',
      'Soueida',
      'Jabal al-Druze',
      'محافظة السويداء',
    ],
    [32.6, 36.75],
  ),
  sy(
    '03',
    'quneitra',
    'Quneitra',
    'القنيطرة',
    ['Quneitra Governorate', 'Al-Qunaytirah', 'Kuneitra', 'Qunaitra', 'Qunaytirah', 'محافظة القنيطرة'],
    [33.05, 35.85],
  ),
];

const other = (
  country: string,
  code: string,
  slug: string,
  name_en: string,
  name_ar: string | null,
  alternates: string[] = [],
): CuratedAdmin1 => ({
  country,
  code,
  slug,
  name_en,
  name_ar,
  alternates,
});

/** Neighbours' divisions; points come from each capital in GeoNames. */
export const neighbourDivisions: CuratedAdmin1[] = [
  other('LB', '04', 'beirut', 'Beirut Governorate', 'محافظة بيروت'),
  other('LB', '05', 'mount-lebanon', 'Mount Lebanon', 'جبل لبنان', ['Mount Lebanon Governorate']),
  other('LB', '06', 'south', 'South Lebanon', 'الجنوب', ['South Governorate', 'Southern Lebanon']),
  other('LB', '07', 'nabatieh', 'Nabatieh', 'النبطية', ['Nabatieh Governorate', 'Nabatiyeh']),
  other('LB', '08', 'beqaa', 'Beqaa', 'البقاع', [
    'Bekaa',
    'Beqaa Valley',
    'Bekaa Valley',
    'Beqaa Governorate',
  ]),
  other('LB', '09', 'north', 'North Lebanon', 'الشمال', ['North Governorate', 'Northern Lebanon']),
  other('LB', '10', 'akkar', 'Akkar', 'عكار', ['Akkar Governorate']),
  other('LB', '11', 'baalbek-hermel', 'Baalbek-Hermel', 'بعلبك الهرمل', ['Baalbek-Hermel Governorate']),
  other('JO', '02', 'balqa', 'Balqa', 'البلقاء', ['Al-Balqa', 'Balqa Governorate']),
  other('JO', '09', 'karak', 'Karak', 'الكرك', ['Al-Karak', 'Kerak']),
  other('JO', '12', 'tafilah', 'Tafilah', 'الطفيلة', ['At-Tafilah']),
  other('JO', '15', 'mafraq', 'Mafraq Governorate', 'محافظة المفرق'),
  other('JO', '16', 'amman', 'Amman Governorate', 'محافظة العاصمة', ['Capital Governorate']),
  other('JO', '17', 'zarqa', 'Zarqa Governorate', 'محافظة الزرقاء'),
  other('JO', '18', 'irbid', 'Irbid Governorate', 'محافظة إربد'),
  other('JO', '19', 'maan', "Ma'an Governorate", 'محافظة معان'),
  other('JO', '20', 'ajloun', 'Ajloun', 'عجلون', ['Ajlun']),
  other('JO', '21', 'aqaba', 'Aqaba Governorate', 'محافظة العقبة'),
  other('JO', '22', 'jerash', 'Jerash Governorate', 'محافظة جرش'),
  other('JO', '23', 'madaba', 'Madaba Governorate', 'محافظة مادبا'),
  other('IQ', '01', 'anbar', 'Anbar', 'الأنبار', ['Al Anbar', 'Al-Anbar', 'Anbar province']),
  other('IQ', '02', 'basra', 'Basra Governorate', 'محافظة البصرة'),
  other('IQ', '03', 'muthanna', 'Muthanna', 'المثنى', ['Al Muthanna']),
  other('IQ', '04', 'qadisiyyah', 'Al-Qadisiyyah', 'القادسية', ['Qadisiyah', 'Diwaniyah Governorate']),
  other('IQ', '05', 'sulaymaniyah', 'Sulaymaniyah Governorate', 'محافظة السليمانية'),
  other('IQ', '06', 'babil', 'Babil', 'بابل', ['Babylon Governorate']),
  other('IQ', '07', 'baghdad', 'Baghdad Governorate', 'محافظة بغداد'),
  other('IQ', '08', 'dohuk', 'Dohuk Governorate', 'محافظة دهوك', ['Duhok Governorate']),
  other('IQ', '09', 'dhi-qar', 'Dhi Qar', 'ذي قار', ['Thi Qar']),
  other('IQ', '10', 'diyala', 'Diyala', 'ديالى', ['Diyala province']),
  other('IQ', '11', 'erbil', 'Erbil Governorate', 'محافظة أربيل', ['Arbil Governorate']),
  other('IQ', '12', 'karbala', 'Karbala Governorate', 'محافظة كربلاء'),
  other('IQ', '13', 'kirkuk', 'Kirkuk Governorate', 'محافظة كركوك'),
  other('IQ', '14', 'maysan', 'Maysan', 'ميسان', ['Missan']),
  other('IQ', '15', 'nineveh', 'Nineveh', 'نينوى', ['Ninawa', 'Nineveh province', 'Ninewa']),
  other('IQ', '16', 'wasit', 'Wasit', 'واسط'),
  other('IQ', '17', 'najaf', 'Najaf Governorate', 'محافظة النجف'),
  other('IQ', '18', 'salahuddin', 'Salahuddin', 'صلاح الدين', [
    'Salah ad-Din',
    'Saladin province',
    'Salah al-Din',
  ]),
  other('TR', '31', 'hatay', 'Hatay', 'هاتاي', ['Hatay province', 'Iskenderun province', 'لواء إسكندرون']),
  other('TR', '83', 'gaziantep', 'Gaziantep Province', 'ولاية غازي عنتاب', ['Antep province']),
  other('TR', '90', 'kilis', 'Kilis Province', 'ولاية كلس'),
  other('TR', '63', 'sanliurfa', 'Şanlıurfa Province', 'ولاية أورفة', [
    'Urfa province',
    'Sanliurfa province',
  ]),
  other('TR', '72', 'mardin', 'Mardin Province', 'ولاية ماردين'),
  other('TR', '80', 'sirnak', 'Şırnak Province', 'ولاية شرناق', ['Sirnak province']),
  other('TR', '70', 'hakkari', 'Hakkâri Province', 'ولاية هكاري', ['Hakkari province']),
  other('IL', '01', 'southern', 'Southern District', 'المنطقة الجنوبية'),
  other('IL', '02', 'central', 'Central District', 'المنطقة الوسطى'),
  other('IL', '03', 'northern', 'Northern District', 'المنطقة الشمالية'),
  other('IL', '04', 'haifa', 'Haifa District', 'منطقة حيفا'),
  other('IL', '05', 'tel-aviv', 'Tel Aviv District', 'منطقة تل أبيب'),
  other('IL', '06', 'jerusalem', 'Jerusalem District', 'منطقة القدس'),
  other('PS', 'WE', 'west-bank', 'West Bank', 'الضفة الغربية', ['Occupied West Bank', 'Judea and Samaria']),
  other('PS', 'GZ', 'gaza-strip', 'Gaza Strip', 'قطاع غزة', ['Gaza strip']),
];
