import { TallyError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { hasArabic } from '../names/normalize.ts';
import { splitPersonName } from '../names/person.ts';
import { parseLooseDate } from './dates.ts';
import type { NewVictimRecord } from './victim.ts';
import type { VictimRecordInsert } from './victims.repo.ts';

/**
 * From what a list says to a stored row: the name kept as written (and in the column of its
 * script), split into parts when the list did not split it; age and date with their precision.
 * Problems come back per field, so an import can report each bad row.
 */
export interface AgeReading {
  min: number | null;
  max: number | null;
  precision: 'exact' | 'estimated' | 'group' | null;
}

const AGE_GROUPS: Record<string, [number, number]> = {
  child: [0, 17],
  infant: [0, 1],
  baby: [0, 1],
  minor: [0, 17],
  adult: [18, 130],
  elderly: [60, 130],
  طفل: [0, 17],
  طفلة: [0, 17],
  رضيع: [0, 1],
  قاصر: [0, 17],
  بالغ: [18, 130],
  مسن: [60, 130],
};

export function parseAge(text: string): AgeReading {
  const value = text
    .trim()
    .toLowerCase()
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x660));
  if (value === '') return { min: null, max: null, precision: null };
  const exact = /^(\d{1,3})$/.exec(value);
  if (exact) return checked({ min: +exact[1]!, max: +exact[1]!, precision: 'exact' }, text);
  const about = /^(?:about|approx\.?|around|~|c\.|حوالي|نحو)\s*(\d{1,3})\??$|^(\d{1,3})\s*\?$/.exec(value);
  if (about) {
    const age = +(about[1] ?? about[2])!;
    return checked({ min: age, max: age, precision: 'estimated' }, text);
  }
  const range = /^(\d{1,3})\s*[-–to]+\s*(\d{1,3})$/.exec(value);
  if (range) return checked({ min: +range[1]!, max: +range[2]!, precision: 'group' }, text);
  const group = AGE_GROUPS[value];
  if (group) return { min: group[0], max: group[1], precision: 'group' };
  throw new Error(`not an age: "${text.slice(0, 40)}" (a number, "about 30", "20-25", "child", "adult")`);
}

function checked(age: AgeReading, text: string): AgeReading {
  if ((age.max ?? 0) > 130 || (age.min ?? 0) > (age.max ?? 0))
    throw new Error(`age out of range: "${text.slice(0, 40)}"`);
  return age;
}

const blank = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? null : value.trim();

export function toRecordInsert(input: NewVictimRecord, listId: string): VictimRecordInsert {
  const problems: Array<{ field: string; message: string }> = [];
  const parts = {
    given: blank(input.given_name),
    father: blank(input.father_name),
    grandfather: blank(input.grandfather_name),
    family: blank(input.family_name),
  };
  const name =
    blank(input.name) ??
    ([parts.given, parts.father, parts.grandfather, parts.family].filter(Boolean).join(' ') || null);
  if (name && !input.given_name && !input.family_name) {
    const split = splitPersonName(name);
    parts.given = split.given?.text ?? null;
    parts.father = split.father?.text ?? null;
    parts.grandfather = split.grandfather?.text ?? null;
    parts.family = split.family?.text ?? null;
  }
  let age: AgeReading = { min: null, max: null, precision: null };
  try {
    age = parseAge(input.age ?? '');
  } catch (error) {
    problems.push({ field: 'age', message: (error as Error).message });
  }
  let date: ReturnType<typeof parseLooseDate> = null;
  try {
    date = parseLooseDate(input.date_of_death ?? '');
  } catch (error) {
    problems.push({ field: 'date_of_death', message: (error as Error).message });
  }
  if (problems.length > 0)
    throw new TallyError('validation_failed', 'The victim record is not valid', { fields: problems });
  return {
    id: input.id ?? newId(),
    list_id: listId,
    list_row: blank(input.list_row),
    name_text: name,
    name_ar: name && hasArabic(name) ? name : null,
    name_latin: name && !hasArabic(name) ? name : null,
    given_name: parts.given,
    father_name: parts.father,
    grandfather_name: parts.grandfather,
    family_name: parts.family,
    sex: input.sex ?? null,
    age_text: blank(input.age),
    age_min: age.min,
    age_max: age.max,
    age_precision: age.precision,
    status: input.status,
    affiliation: blank(input.affiliation),
    date_text: blank(input.date_of_death),
    date_start: date?.start ?? null,
    date_end: date?.end ?? null,
    date_precision: date?.precision ?? null,
    place_text: blank(input.place),
    governorate_text: blank(input.governorate),
    place_id: blank(input.place_id),
    place_precision: null,
    cause_text: blank(input.cause),
    notes: blank(input.notes),
  };
}
