import { readFileSync } from 'node:fs';
import { TallyError } from '../../core/errors.ts';
import { nameKey } from '../../names/normalize.ts';
import { splitPersonName } from '../../names/person.ts';
import { bundledResolver, type IndexedResolver } from '../../places/resolve.ts';
import { parseLooseDateOrNull } from '../dates.ts';
import { fieldForColumn, normalizeSex } from '../victims.columns.ts';
import { type LinkConfig, parseLinkConfig } from './config.ts';
import type { RecordTable } from './table.ts';

/**
 * `tally link --preset victims`: Tally's victim CSV (id, list, name, sex, age, date_of_death,
 * place, governorate, cause) turned into the columns the victims model compares: name parts
 * (given, father, grandfather, family) as keys and cross-script skeletons, the name's skeleton
 * tokens, sex, age, date, and the place as a path in the gazetteer (governorate → district →
 * subdistrict → locality → neighbourhood), so "a neighbourhood of Homs" and "Homs governorate"
 * are compatible rather than different.
 */
export const VICTIM_CSV_COLUMNS = [
  'id',
  'list',
  'name',
  'sex',
  'age',
  'date_of_death',
  'place',
  'governorate',
  'cause',
];

/** Only an id is required; the rest are read when present, under their own names or as lists head them. */
export const VICTIM_CSV_REQUIRED = ['id'];
const NAME_PARTS = ['given_name', 'father_name', 'grandfather_name', 'family_name'];
export const VICTIM_CSV_OPTIONAL = [...VICTIM_CSV_COLUMNS.filter((c) => c !== 'id'), ...NAME_PARTS];

/** "Full name", "الاسم", "Date of death", "Province": the victim CSV column a list's header stands for. */
export function victimHeaderAlias(header: string): string | null {
  const field = fieldForColumn(header, [...VICTIM_CSV_OPTIONAL, 'list_row']);
  return field === 'list_row' ? 'id' : field;
}

/**
 * A list that splits names into parts ("first name", "father's name", "family name") gets its
 * whole name from them; a table with neither is refused, naming what it lacks.
 */
export function composeVictimNames(table: RecordTable, path: string): void {
  const names = table.columns.get('name') ?? [];
  const parts = NAME_PARTS.map((part) => table.columns.get(part) ?? []);
  let missing = 0;
  for (let r = 0; r < table.size; r++) {
    if (names[r]) continue;
    names[r] = parts
      .map((column) => column[r] ?? '')
      .filter(Boolean)
      .join(' ');
    if (!names[r]) missing++;
  }
  if (missing === table.size)
    throw new TallyError(
      'validation_failed',
      `${path}: no names: give a name column ("name", "Full name", "الاسم") or its parts (given_name, father_name, family_name)`,
    );
  table.columns.set('name', names);
}

export const PLACE_LEVELS = [
  'place_admin1',
  'place_admin2',
  'place_admin3',
  'place_locality',
  'place_fine',
] as const;

export function victimsConfig(): LinkConfig {
  const path = new URL('./configs/victims.json', import.meta.url);
  return parseLinkConfig(JSON.parse(readFileSync(path, 'utf8')), 'victims preset');
}

/** Adds the derived columns to a table read from a victim CSV. */
export function prepareVictimTable(
  table: RecordTable,
  resolver: IndexedResolver = bundledResolver(),
): RecordTable {
  const names = table.columns.get('name')!;
  const derived = new Map<string, string[]>();
  const add = (name: string) => {
    const values: string[] = new Array(table.size);
    derived.set(name, values);
    return values;
  };
  const parts = ['given', 'father', 'grandfather', 'family'] as const;
  const keyCols = parts.map((p) => add(`${p}_key`));
  const skelCols = parts.map((p) => add(`${p}_skel`));
  const tokens = add('name_tokens');
  const sex = add('sex_norm');
  const date = add('date_norm');
  const placeCols = PLACE_LEVELS.map((level) => add(level));
  const nameMemo = new Map<string, string[]>();
  for (let r = 0; r < table.size; r++) {
    const raw = names[r]!;
    let row = nameMemo.get(raw);
    if (!row) {
      const person = splitPersonName(raw);
      row = [
        ...parts.map((p) => person[p]?.key ?? ''),
        ...parts.map((p) => person[p]?.skeleton ?? ''),
        person.parts
          .map((x) => x.skeleton)
          .filter(Boolean)
          .join(' '),
      ];
      if (nameMemo.size < 2_000_000) nameMemo.set(raw, row);
    }
    for (let k = 0; k < 4; k++) {
      keyCols[k]![r] = row[k]!;
      skelCols[k]![r] = row[4 + k]!;
    }
    tokens[r] = row[8]!;
  }
  const sexCells = table.columns.get('sex')!;
  const dateCells = table.columns.get('date_of_death')!;
  for (let r = 0; r < table.size; r++) {
    sex[r] = normalizeSex(sexCells[r]!);
    // Only day-precise dates are compared: "2012" or "2012-12" is not a date of death to match on.
    const parsed = parseLooseDateOrNull(dateCells[r]!);
    date[r] = parsed?.precision === 'day' ? parsed.start : '';
  }
  const places = placePaths(table, resolver);
  for (let r = 0; r < table.size; r++)
    for (let d = 0; d < PLACE_LEVELS.length; d++) placeCols[d]![r] = places[r]![d]!;
  for (const [name, values] of derived) table.columns.set(name, values);
  return table;
}

/** Resolves (place, governorate) once per distinct pair to a path of gazetteer ids. */
function placePaths(table: RecordTable, resolver: IndexedResolver): string[][] {
  const placeCells = table.columns.get('place')!;
  const govCells = table.columns.get('governorate')!;
  const memo = new Map<string, string[]>();
  const out: string[][] = new Array(table.size);
  for (let r = 0; r < table.size; r++) {
    const place = placeCells[r]!.trim();
    const governorate = govCells[r]!.trim();
    const memoKey = `${place}\u0000${governorate}`;
    let path = memo.get(memoKey);
    if (!path) {
      path = resolvePath(resolver, place, governorate);
      memo.set(memoKey, path);
    }
    out[r] = path;
  }
  return out;
}

const LEVEL_INDEX: Record<string, number> = {
  admin1: 0,
  admin2: 1,
  admin3: 2,
  locality: 3,
  neighbourhood: 4,
};

export function resolvePath(resolver: IndexedResolver, place: string, governorate: string): string[] {
  const path = ['', '', '', '', ''];
  const admin1 = governorate
    ? resolver.resolve(governorate, { country: 'SY' }).find((c) => c.level === 'admin1')
    : undefined;
  if (admin1) path[0] = admin1.id;
  if (!place) return path;
  const best = resolver.resolve(place, { country: 'SY', ...(admin1 ? { admin1: admin1.id } : {}) })[0];
  // A place the gazetteer lacks, or one in another governorate than the list says, is kept as
  // text: two records writing it alike still agree on it.
  if (!best || (admin1 && best.admin1_id && best.admin1_id !== admin1.id)) {
    path[4] = `text:${nameKey(place)}`;
    return path;
  }
  const indexed = resolver.index.byId.get(best.id);
  for (const id of [best.id, ...(indexed?.ancestors ?? [])]) {
    const level = resolver.index.byId.get(id)?.place.level;
    const at = level ? LEVEL_INDEX[level] : undefined;
    if (at !== undefined) path[at] = id;
  }
  return path;
}
