import type { Queryable } from '../db/client.ts';
import type { TollFigure } from '../tolls/toll.ts';
import type { Column } from './csv.ts';
import { type ExportVictimRow, pageVictimRecords } from './opendata.repo.ts';

/** Tolls as CSV: one row per figure of GET /tolls. */
export const tollColumns: Column[] = [
  { name: 'period_start', about: 'First day of the period (empty: the whole range)' },
  { name: 'period_end', about: 'Last day of the period' },
  { name: 'area_id', about: 'Gazetteer id of the area (empty: every area, or no known place)' },
  { name: 'area_level', about: 'country, admin1 or admin2' },
  { name: 'area_name_en', about: 'Area name in Latin script' },
  { name: 'area_name_ar', about: 'Area name in Arabic script' },
  { name: 'outcome', about: 'killed, injured, missing, detained or displaced' },
  { name: 'victim_group', about: "'all' is everyone, rolled up without adding a breakdown to its total" },
  { name: 'cause', about: 'Cause or weapon, when the toll is broken down by cause' },
  { name: 'low', about: "Sum of incidents' lowest credible figures (ACLED-like)" },
  { name: 'best', about: "Sum of incidents' best estimates (UCDP-like)" },
  { name: 'high', about: "Sum of incidents' highest credible figures (IBC-like)" },
  { name: 'incidents', about: 'Incidents behind the figure' },
  { name: 'sources', about: 'Distinct independence groups behind the incidents' },
  { name: 'provisional', about: 'true while the figure may still change' },
  { name: 'provisional_reasons', about: 'Why, separated by "; "' },
  { name: 'codebook', about: 'Version of this codebook' },
];

export function tollRecords(figures: TollFigure[], codebook: string): Array<Record<string, unknown>> {
  return figures.map((f) => ({
    period_start: f.period_start,
    period_end: f.period_end,
    area_id: f.area?.id,
    area_level: f.area?.level,
    area_name_en: f.area?.name_en,
    area_name_ar: f.area?.name_ar,
    outcome: f.outcome,
    victim_group: f.victim_group,
    cause: f.cause,
    low: f.low,
    best: f.best,
    high: f.high,
    incidents: f.incidents,
    sources: f.sources,
    provisional: f.provisional,
    provisional_reasons: f.provisional_reasons,
    codebook,
  }));
}

/**
 * A published victim list: names, sex, age, status, date, place and cause of death as the lists
 * gave them. Left out as sensitive: notes (free text that may name witnesses or relatives) and
 * the armed-group affiliation of combatants (a danger to families).
 */
export const victimColumns: Column[] = [
  { name: 'id', about: "Tally's record id" },
  { name: 'list', about: 'The list the record comes from' },
  { name: 'list_row', about: "The record's id or row number in its list" },
  { name: 'name', about: 'The name as written' },
  { name: 'name_ar', about: 'The name in Arabic script' },
  { name: 'name_latin', about: 'The name in Latin script' },
  { name: 'given_name', about: 'Given name' },
  { name: 'father_name', about: "Father's name" },
  { name: 'grandfather_name', about: "Grandfather's name" },
  { name: 'family_name', about: 'Family name' },
  { name: 'sex', about: 'male or female, as identified at death' },
  { name: 'age', about: 'Age as written' },
  { name: 'age_min', about: 'Youngest age the record allows' },
  { name: 'age_max', about: 'Oldest age the record allows' },
  { name: 'status', about: 'civilian, combatant or unknown' },
  { name: 'date_of_death_start', about: 'Earliest possible day of death' },
  { name: 'date_of_death_end', about: 'Latest possible day of death' },
  { name: 'date_precision', about: 'day, month or year' },
  { name: 'place', about: 'Place of death as written' },
  { name: 'governorate', about: 'Governorate as written' },
  { name: 'place_id', about: 'Gazetteer place id, when resolved' },
  { name: 'cause', about: 'Cause of death as written' },
  { name: 'fully_identified', about: 'Name, date and place of death all known (HRDAG/OHCHR rule)' },
  { name: 'person_id', about: 'The person this record was linked to (records of one person share it)' },
  { name: 'codebook', about: 'Version of this codebook' },
];

const victimRecord = (r: ExportVictimRow, codebook: string): Record<string, unknown> => ({
  id: r.id,
  list: r.list_name,
  list_row: r.list_row,
  name: r.name_text,
  name_ar: r.name_ar,
  name_latin: r.name_latin,
  given_name: r.given_name,
  father_name: r.father_name,
  grandfather_name: r.grandfather_name,
  family_name: r.family_name,
  sex: r.sex,
  age: r.age_text,
  age_min: r.age_min,
  age_max: r.age_max,
  status: r.status,
  date_of_death_start: r.date_start,
  date_of_death_end: r.date_end,
  date_precision: r.date_precision,
  place: r.place_text,
  governorate: r.governorate_text,
  place_id: r.place_id,
  cause: r.cause_text,
  fully_identified: r.fully_identified,
  person_id: r.person_id,
  codebook,
});

export async function* victimRecords(
  db: Queryable,
  list: string | null,
  codebook: string,
): AsyncGenerator<Array<Record<string, unknown>>> {
  let after: string | null = null;
  for (;;) {
    const rows = await pageVictimRecords(db, list, after, 5000);
    if (rows.length === 0) return;
    yield rows.map((r) => victimRecord(r, codebook));
    if (rows.length < 5000) return;
    after = (rows.at(-1) as ExportVictimRow).id;
  }
}
