/**
 * Corrections to GeoNames localities: the English name wire copy uses ("Azaz" rather than
 * GeoNames' "I‘zāz"), and spellings GeoNames lacks. Keyed by GeoNames id.
 */
export interface LocalityOverride {
  name_en?: string;
  alternates?: string[];
}

export const localityOverrides: Record<number, LocalityOverride> = {
  172082: { name_en: 'Azaz', alternates: ["A'zaz", 'Aazaz', 'Izaz'] },
  167611: {
    name_en: "Ma'arrat al-Nu'man",
    alternates: [
      'Maaret al-Numan',
      'Maarat al-Numan',
      "Ma'arat al-Nu'man",
      'Maaret al-Noman',
      'Maarat al-Nouman',
      'Marat al-Numan',
    ],
  },
  170905: { name_en: 'Daraa', alternates: ['Deraa', "Dera'a", 'Dera', 'Daraa city'] },
  173334: { name_en: 'Quneitra', alternates: ['Quneitra city'] },
  172955: { name_en: 'Raqqa', alternates: ['Raqqa city'] },
  173811: { name_en: 'Hasakah', alternates: ['Hassakeh', 'Hasakah city', 'Hasakah city'] },
  170017: { name_en: 'Hama', alternates: ['Hama city'] },
  172408: { name_en: 'Suwayda', alternates: ['Sweida', 'Suwayda city', 'Sweida city'] },
  172374: { name_en: 'Tabqa', alternates: ['Al-Tabqa', 'Tabqa city'] },
  172256: {
    name_en: 'Kobani',
    alternates: ['Kobane', 'Ayn al-Arab', 'Ain al-Arab', 'Ain al-Arab', 'كوباني'],
  },
  163808: { name_en: 'Palmyra', alternates: ['Tadmur'] },
  173377: { name_en: 'Qamishli', alternates: ['Qamishlo', 'Kamishli'] },
  174448: { name_en: 'Abu Kamal', alternates: ['Albukamal', 'Al-Bukamal', 'Boukamal'] },
  169023: {
    name_en: 'Jisr al-Shughur',
    alternates: ['Jisr al-Shughour', 'Jisr al-Shoghour', 'Jisr Shughur'],
  },
  173576: { name_en: 'Latakia', alternates: ['Latakia city', 'Lattakia city'] },
  163345: { name_en: 'Tartus', alternates: ['Tartous city'] },
  169389: { name_en: 'Idlib', alternates: ['Idlib city', 'Idleb city'] },
  172059: { name_en: 'Zabadani', alternates: ['Zabadani'] },
  173322: { name_en: 'Qusayr', alternates: ['Al-Qusayr', 'Qusair'] },
  170794: { name_en: 'Deir ez-Zor', alternates: ['Deir ez-Zor city', 'Deir al-Zour city'] },
  170063: { name_en: 'Aleppo', alternates: ['Aleppo city', 'Halab'] },
  169577: { name_en: 'Homs', alternates: ['Homs city', 'Hims'] },
  170654: { name_en: 'Damascus', alternates: ['Damascus city', 'the Syrian capital'] },
  168661: { name_en: 'Kafranbel', alternates: ['Kafr Nabl', 'Kafr Nubl', 'Kafranbel'] },
  170892: { name_en: 'Daraya', alternates: ['Darayya', 'Daraya'] },
  170592: { name_en: 'Douma', alternates: ['Duma', 'Douma'] },
  172946: { name_en: 'Rastan', alternates: ['Al-Rastan', 'Rastan'] },
  163779: { name_en: 'Talbiseh', alternates: ['Talbiseh', 'Talbisa', 'Tallbisah'] },
  166742: { name_en: 'Mhardeh', alternates: ['Mahardah', 'Muhradah', 'Mhardeh'] },
  163476: { name_en: 'Tal Rifaat', alternates: ['Tel Rifaat', 'Tall Rifat', 'Tal Refaat'] },
  169858: { name_en: 'Hreitan', alternates: ['Haritan', 'Hraytan', 'Hreitan'] },
  174018: { name_en: 'Al-Bab', alternates: ['al-Bab'] },
  169341: { name_en: 'Izra', alternates: ["Izra'", 'Ezraa'] },
  171126: { name_en: 'Bosra', alternates: ['Busra al-Sham', 'Bosra al-Sham', 'Busra'] },
  173480: { name_en: 'Mayadin', alternates: ['Al-Mayadeen', 'Mayadeen', 'Al-Mayadin'] },
};
