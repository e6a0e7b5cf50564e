import { type CuratedSite, within } from './sites.ts';

/**
 * Districts, neighbourhoods and camps outside Syria that casualty reports name (Iraq Body
 * Count's Baghdad, Gaza, southern Lebanon) and that cities500 lacks. Without them the
 * resolver's fuzzy match guessed a wrong town ("Karrada" as a Dhi Qar village, "Shati camp"
 * in Mardin), which is worse than answering "unknown". Points are approximate, as in sites.ts.
 */
const BAGHDAD = 'gn-98182';
const GAZA_CITY = 'gn-281133';

export const regionalSites: CuratedSite[] = [
  ...within(BAGHDAD, 'neighbourhood', 'district', [
    [
      'sadr-city',
      'Sadr City',
      'مدينة الصدر',
      ['Madinat al-Sadr', 'al-Thawra', 'Thawra', 'Saddam City', 'Sadr city district'],
      33.392,
      44.46,
    ],
    [
      'kadhimiya',
      'Kadhimiya',
      'الكاظمية',
      ['Kazimiyah', 'Kadhimiyah', 'Kazimiya', 'Al-Kadhimiya'],
      33.38,
      44.338,
    ],
    [
      'adhamiya',
      'Adhamiya',
      'الأعظمية',
      ['Adhamiyah', 'Azamiyah', 'Aadhamiya', 'Al-Adhamiya'],
      33.372,
      44.365,
    ],
    [
      'karrada',
      'Karrada',
      'الكرادة',
      ['Karada', 'Karradah', 'Karrada Dakhil', 'Karrada Kharij'],
      33.305,
      44.43,
    ],
    ['mansour', 'Mansour', 'المنصور', ['Al-Mansour', 'Mansur', 'Al-Mansur'], 33.316, 44.35],
    ['shaab', 'Shaab', 'الشعب', ['Al-Shaab', 'Shaab district'], 33.405, 44.42],
    ['shula', 'Shula', 'الشعلة', ['Shuala', 'Al-Shula', 'Shoula'], 33.383, 44.3],
    ['hurriya', 'Hurriya', 'الحرية', ['Hurriyah', 'Huriya', 'Al-Hurriya'], 33.372, 44.327],
    ['amil', 'Amil', 'العامل', ['Al-Amil', 'Aamil', 'Amel'], 33.27, 44.32],
    ['bayaa', 'Bayaa', 'البياع', ['Al-Bayaa', 'Bayya', 'Baya'], 33.275, 44.345],
    ['ghazaliya', 'Ghazaliya', 'الغزالية', ['Ghazaliyah', 'Al-Ghazaliya', 'Ghazalia'], 33.34, 44.28],
    ['saydiya', 'Saydiya', 'السيدية', ['Saidiya', 'Saidiyah', 'Al-Saydiya', 'Seydiya'], 33.255, 44.355],
    ['dora', 'Dora', 'الدورة', ['Doura', 'Al-Dora', 'Dawra', 'Al-Doura'], 33.255, 44.395],
    ['zafraniya', 'Zafraniya', 'الزعفرانية', ['Zafaraniya', 'Zafaraniyah', 'Al-Zafraniya'], 33.25, 44.47],
    ['baladiyat', 'Baladiyat', 'البلديات', ['Al-Baladiyat', 'Baladiyaat'], 33.355, 44.48],
    [
      'new-baghdad',
      'New Baghdad',
      'بغداد الجديدة',
      ['Baghdad al-Jadida', 'Baghdad al-Jadidah'],
      33.31,
      44.47,
    ],
    ['shorja', 'Shorja', 'الشورجة', ['Shorja market', 'Al-Shorja', 'Shurja'], 33.337, 44.405],
    ['tahrir-square', 'Tahrir Square', 'ساحة التحرير', ['Tahrir Sq', 'Bab al-Sharqi'], 33.328, 44.418],
    ['abu-dshir', 'Abu Dshir', 'أبو دشير', ['Abu Disheer', 'Abu Dsheer', 'Abu Dashir'], 33.24, 44.4],
  ]),
  ...within('iq-baghdad', 'locality', 'locality', [
    ['taji', 'Taji', 'التاجي', ['Al-Taji', 'Taji base', 'Camp Taji'], 33.52, 44.26],
    ['yusufiya', 'Yusufiya', 'اليوسفية', ['Yusufiyah', 'Al-Yusufiya', 'Youssifiyah'], 33.06, 44.24],
    ['latifiya', 'Latifiya', 'اللطيفية', ['Latifiyah', 'Al-Latifiya', 'Lutayfiyah'], 32.98, 44.33],
  ]),
  ...within(GAZA_CITY, 'neighbourhood', 'neighbourhood', [
    [
      'shujaiya',
      'Shujaiya',
      'الشجاعية',
      ['Shejaiya', 'Shujaiyya', 'Shujaiyeh', 'Sajaiya', 'Shujaiyah'],
      31.5,
      34.48,
    ],
    ['zeitoun', 'Zeitoun', 'الزيتون', ['Zaytoun', 'Zeitun', 'Al-Zeitoun', 'Zaitoun'], 31.488, 34.455],
    ['sheikh-radwan', 'Sheikh Radwan', 'الشيخ رضوان', ['Al-Sheikh Radwan', 'Shaykh Radwan'], 31.532, 34.47],
    ['rimal', 'Rimal', 'الرمال', ['Al-Rimal', 'Remal', 'Al-Remal'], 31.52, 34.448],
    ['tal-al-hawa', 'Tal al-Hawa', 'تل الهوى', ['Tel al-Hawa', 'Tal el-Hawa', 'Tel al-Hawa'], 31.505, 34.44],
    ['daraj', 'Daraj', 'الدرج', ['Al-Daraj', 'Al-Deraj'], 31.507, 34.465],
    ['tuffah', 'Tuffah', 'التفاح', ['Al-Tuffah', 'Tuffa'], 31.513, 34.472],
    [
      'shati-camp',
      'Shati camp',
      'مخيم الشاطئ',
      ['Beach camp', 'Al-Shati camp', 'Shati refugee camp', 'Shati', 'الشاطئ'],
      31.532,
      34.445,
    ],
  ]),
  ...within('ps-gaza-strip', 'locality', 'camp', [
    ['maghazi', 'Maghazi', 'المغازي', ['Maghazi camp', 'Al-Maghazi', 'Mughazi'], 31.42, 34.385],
    ['mawasi', 'Mawasi', 'المواصي', ['Al-Mawasi', 'Mawasi Khan Younis', 'Al-Mawasi area'], 31.36, 34.27],
  ]),
  ...within('ps-west-bank', 'locality', 'camp', [
    [
      'nur-shams',
      'Nur Shams camp',
      'مخيم نور شمس',
      ['Nur Shams', 'Nour Shams', 'Nur Shams refugee camp'],
      32.31,
      35.05,
    ],
    ['aida', 'Aida camp', 'مخيم عايدة', ['Aida refugee camp', 'Ayda camp'], 31.72, 35.2],
  ]),
  ...within('lb-mount-lebanon', 'locality', 'district', [
    [
      'dahiyeh',
      'Dahiyeh',
      'الضاحية الجنوبية',
      ['Dahieh', 'Dahiya', 'Beirut southern suburbs', "Beirut's southern suburbs", 'الضاحية'],
      33.853,
      35.51,
    ],
    ['haret-hreik', 'Haret Hreik', 'حارة حريك', ['Haret Hreyk', 'Harat Hurayk'], 33.851, 35.508],
  ]),
  ...within('lb-nabatieh', 'locality', 'locality', [
    ['khiam', 'Khiam', 'الخيام', ['El Khiam', 'Khiyam', 'Al-Khiam'], 33.33, 35.61],
  ]),
  ...within('lb-south', 'locality', 'locality', [
    ['qana', 'Qana', 'قانا', ['Cana', 'Qana al-Jalil'], 33.21, 35.3],
  ]),
];
