import { bundledResolver } from '../../../places/resolve.ts';
import { isoFromDayNumber } from '../../dates.ts';
import { seededRandom } from '../sample.ts';
import {
  FAMILY_NAMES,
  FAMILY_SYLLABLES,
  FEMALE_NAMES,
  MALE_NAMES,
  type NameVariants,
} from './syria-names.ts';

/**
 * A seeded generator of overlapping Syrian victim lists with known truth, in the
 * `--preset victims` CSV format. What makes real lists hard is built in: Arabic script and
 * several romanisations of one name, nasab chains written to different lengths, families
 * killed together (brothers share father, grandfather and family name, date and place),
 * dates a day or more apart, places as a neighbourhood in one list and only the governorate
 * in another, missing sex and age, typos, and a few duplicates inside one list.
 */
export interface VictimRow {
  id: string;
  list: string;
  name: string;
  sex: string;
  age: string;
  date_of_death: string;
  place: string;
  governorate: string;
  cause: string;
  /** The truth: which person the record is about. */
  person: string;
}

export interface GeneratorOptions {
  /** Records to produce, about. */
  records: number;
  seed?: number;
  lists?: number;
}

interface ListStyle {
  name: string;
  coverage: number;
  arabicShare: number;
  preferredVariant: number;
  fatherShare: number;
  grandfatherShare: number;
  placeShare: number;
  sexShare: number;
  ageShare: number;
  dateJitter: number;
  typo: number;
  duplicate: number;
}

const LIST_STYLES: ListStyle[] = [
  {
    name: 'VDC',
    coverage: 0.6,
    arabicShare: 1,
    preferredVariant: 0,
    fatherShare: 0.85,
    grandfatherShare: 0.3,
    placeShare: 0.8,
    sexShare: 0.9,
    ageShare: 0.3,
    dateJitter: 0.08,
    typo: 0.02,
    duplicate: 0.01,
  },
  {
    name: 'SNHR',
    coverage: 0.5,
    arabicShare: 0,
    preferredVariant: 1,
    fatherShare: 0.6,
    grandfatherShare: 0.05,
    placeShare: 0.7,
    sexShare: 0.8,
    ageShare: 0.4,
    dateJitter: 0.1,
    typo: 0.03,
    duplicate: 0.005,
  },
  {
    name: 'SCSR',
    coverage: 0.35,
    arabicShare: 0.5,
    preferredVariant: 2,
    fatherShare: 0.7,
    grandfatherShare: 0.15,
    placeShare: 0.5,
    sexShare: 0.5,
    ageShare: 0.2,
    dateJitter: 0.15,
    typo: 0.04,
    duplicate: 0.01,
  },
  {
    name: 'SOHR',
    coverage: 0.25,
    arabicShare: 0.2,
    preferredVariant: 3,
    fatherShare: 0.4,
    grandfatherShare: 0,
    placeShare: 0.6,
    sexShare: 0.7,
    ageShare: 0.5,
    dateJitter: 0.12,
    typo: 0.03,
    duplicate: 0.003,
  },
  {
    name: 'GOV',
    coverage: 0.12,
    arabicShare: 0.9,
    preferredVariant: 0,
    fatherShare: 0.95,
    grandfatherShare: 0.6,
    placeShare: 0.9,
    sexShare: 1,
    ageShare: 0.8,
    dateJitter: 0.05,
    typo: 0.01,
    duplicate: 0,
  },
];

const CAUSES: Array<[string, string]> = [
  ['shelling', 'قصف'],
  ['gunfire', 'طلق ناري'],
  ['airstrike', 'غارة جوية'],
  ['torture', 'تحت التعذيب'],
  ['sniper', 'قنص'],
  ['explosion', 'انفجار'],
];

interface Place {
  en: string[];
  ar: string | null;
  govEn: string;
  govAr: string | null;
  admin1: string;
}

function syrianPlaces(): Place[] {
  const index = bundledResolver().index;
  const out: Place[] = [];
  for (const target of index.byId.values()) {
    const { place, admin1 } = target;
    if (place.country_code !== 'SY' || !admin1) continue;
    if (place.level !== 'locality' && place.level !== 'neighbourhood') continue;
    out.push({
      en: [place.name_en, ...place.alternates.filter((a) => /^[\x20-\x7e]+$/.test(a)).slice(0, 2)],
      ar: place.name_ar,
      govEn: admin1.name_en,
      govAr: admin1.name_ar,
      admin1: admin1.id,
    });
  }
  return out;
}

export function generateVictimLists(options: GeneratorOptions): VictimRow[] {
  const random = seededRandom(options.seed ?? 2011);
  const styles = LIST_STYLES.slice(0, options.lists ?? LIST_STYLES.length);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const weighted = (items: NameVariants[]) => {
    const cumulative: number[] = [];
    let total = 0;
    for (const item of items) {
      total += item.weight;
      cumulative.push(total);
    }
    return () => {
      const x = random() * total;
      let lo = 0;
      while (cumulative[lo]! < x) lo++;
      return items[lo]!;
    };
  };
  const male = weighted(MALE_NAMES);
  const female = weighted(FEMALE_NAMES);
  const commonFamily = weighted(FAMILY_NAMES);
  const places = syrianPlaces();
  const byGovernorate = new Map<string, Place[]>();
  for (const place of places)
    byGovernorate.set(place.admin1, [...(byGovernorate.get(place.admin1) ?? []), place]);
  const coverage = styles.reduce((sum, style) => sum + style.coverage, 0);
  const persons = Math.max(1, Math.round(options.records / Math.max(1, coverage)));
  const start = Date.UTC(2011, 2, 15) / 86_400_000;
  const span = Date.UTC(2016, 11, 31) / 86_400_000 - start;

  const rows: VictimRow[] = [];
  let personCount = 0;
  while (personCount < persons) {
    // A family: shared family name, father and grandfather for siblings, a home place.
    const family = random() < 0.75 ? commonFamily() : rareFamily(random);
    const grandfather = male();
    const father = male();
    const home = pick(places);
    const siblings = 1 + Math.floor(random() ** 2 * 5);
    const together = siblings > 1 && random() < 0.5;
    const sharedDay = Math.floor(start + random() * span);
    const sharedPlace = random() < 0.8 ? home : pick(byGovernorate.get(home.admin1)!);
    const givenNames = new Set<NameVariants>();
    for (let s = 0; s < siblings && personCount < persons; s++) {
      const sex = random() < 0.85 ? 'm' : 'f';
      // Brothers and sisters do not share a given name.
      let given = sex === 'm' ? male() : female();
      for (let tries = 0; givenNames.has(given) && tries < 20; tries++)
        given = sex === 'm' ? male() : female();
      givenNames.add(given);
      const person = {
        id: `P${personCount++}`,
        sex,
        given,
        father,
        grandfather,
        family,
        age: Math.floor(random() * 70) + (together ? 0 : 15),
        day: together ? sharedDay : Math.floor(start + random() * span),
        place: together ? sharedPlace : random() < 0.6 ? home : pick(byGovernorate.get(home.admin1)!),
        cause: pick(CAUSES),
      };
      const inLists = styles.filter((style) => random() < style.coverage);
      if (inLists.length === 0) inLists.push(pick(styles));
      for (const style of inLists) {
        const copies = random() < style.duplicate ? 2 : 1;
        for (let c = 0; c < copies; c++) rows.push(writeRecord(person, style, random, rows.length));
      }
    }
  }
  return rows;
}

interface Person {
  id: string;
  sex: string;
  given: NameVariants;
  father: NameVariants;
  grandfather: NameVariants;
  family: NameVariants;
  age: number;
  day: number;
  place: Place;
  cause: [string, string];
}

function writeRecord(person: Person, style: ListStyle, random: () => number, seq: number): VictimRow {
  const arabic = random() < style.arabicShare;
  const spell = (name: NameVariants) => {
    if (arabic) return name.ar;
    const variant =
      random() < 0.6 ? style.preferredVariant % name.latin.length : Math.floor(random() * name.latin.length);
    return name.latin[variant]!;
  };
  const parts = [spell(person.given)];
  if (random() < style.fatherShare) parts.push(spell(person.father));
  if (parts.length > 1 && random() < style.grandfatherShare) parts.push(spell(person.grandfather));
  if (random() < 0.95) parts.push(spell(person.family));
  let name = parts.join(' ');
  if (random() < style.typo) name = typo(name, random);
  const jitter =
    random() < style.dateJitter
      ? (random() < 0.7 ? 1 : 2 + Math.floor(random() * 5)) * (random() < 0.5 ? -1 : 1)
      : 0;
  const dated = random() < 0.97;
  const placed = random() < style.placeShare;
  const place = person.place;
  const ageKnown = random() < style.ageShare;
  return {
    id: `${style.name}-${seq}`,
    list: style.name,
    name,
    sex: random() < style.sexShare ? person.sex : '',
    age: ageKnown
      ? String(Math.max(0, person.age + (random() < 0.2 ? Math.round((random() - 0.5) * 4) : 0)))
      : '',
    date_of_death: dated ? isoFromDayNumber(person.day + jitter) : '',
    place: placed ? (arabic && place.ar ? place.ar : place.en[Math.floor(random() * place.en.length)]!) : '',
    governorate: random() < 0.95 ? (arabic && place.govAr ? place.govAr : place.govEn) : '',
    cause: random() < 0.7 ? (arabic ? person.cause[1] : person.cause[0]) : '',
    person: person.id,
  };
}

function rareFamily(random: () => number): NameVariants {
  const a = FAMILY_SYLLABLES[Math.floor(random() * FAMILY_SYLLABLES.length)]!;
  const b = FAMILY_SYLLABLES[Math.floor(random() * FAMILY_SYLLABLES.length)]!;
  const c = FAMILY_SYLLABLES[Math.floor(random() * FAMILY_SYLLABLES.length)]!;
  const latin = (k: number) => {
    const word = `${a[1][k]}${b[1][k]}${c[1][k]}i`;
    return word[0]!.toUpperCase() + word.slice(1);
  };
  return { ar: `ال${a[0]}${b[0]}${c[0]}ي`, latin: [`al-${latin(0)}`, latin(1), `Al ${latin(0)}`], weight: 1 };
}

function typo(name: string, random: () => number): string {
  if (name.length < 4) return name;
  const at = 1 + Math.floor(random() * (name.length - 2));
  if (name[at] === ' ' || name[at + 1] === ' ') return name;
  return random() < 0.5
    ? name.slice(0, at) + name.slice(at + 1)
    : name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2);
}

const CSV_COLUMNS = [
  'id',
  'list',
  'name',
  'sex',
  'age',
  'date_of_death',
  'place',
  'governorate',
  'cause',
] as const;

/** CSV text of the rows in the preset's columns, with the truth column when asked. */
export function* victimCsvLines(rows: VictimRow[], withTruth: boolean): Generator<string> {
  const columns: string[] = [...CSV_COLUMNS, ...(withTruth ? ['person'] : [])];
  yield `${columns.join(',')}\n`;
  for (const row of rows) yield `${columns.map((c) => csvCell(row[c as keyof VictimRow])).join(',')}\n`;
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
