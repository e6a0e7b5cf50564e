import type { eventTaxonomy } from '../incidents/incident.ts';
import type { PlaceLevel } from '../places/place.ts';
import type { SourceKind } from '../sources/source.ts';

/**
 * How Tally's own values map onto the codes ACLED and UCDP GED publish (methodology brief §2-3).
 * Pure functions and tables: the exporters, the importers and the codebook all read them, so the
 * codebook states exactly what the code does.
 */

type EventType = keyof typeof eventTaxonomy;

/** ACLED's printed labels for Tally's event-type slugs. */
export const acledEventLabels: Record<EventType, string> = {
  battles: 'Battles',
  explosions_remote_violence: 'Explosions/Remote violence',
  violence_against_civilians: 'Violence against civilians',
  protests: 'Protests',
  riots: 'Riots',
  strategic_developments: 'Strategic developments',
};

/** ACLED's printed labels for Tally's sub-event-type slugs. */
export const acledSubEventLabels: Record<string, string> = {
  armed_clash: 'Armed clash',
  government_regains_territory: 'Government regains territory',
  non_state_actor_overtakes_territory: 'Non-state actor overtakes territory',
  chemical_weapon: 'Chemical weapon',
  air_drone_strike: 'Air/drone strike',
  suicide_bomb: 'Suicide bomb',
  shelling_artillery_missile_attack: 'Shelling/artillery/missile attack',
  remote_explosive_landmine_ied: 'Remote explosive/landmine/IED',
  grenade: 'Grenade',
  sexual_violence: 'Sexual violence',
  attack: 'Attack',
  abduction_forced_disappearance: 'Abduction/forced disappearance',
  peaceful_protest: 'Peaceful protest',
  protest_with_intervention: 'Protest with intervention',
  excessive_force_against_protesters: 'Excessive force against protesters',
  violent_demonstration: 'Violent demonstration',
  mob_violence: 'Mob violence',
  agreement: 'Agreement',
  arrests: 'Arrests',
  change_to_group_activity: 'Change to group/activity',
  disrupted_weapons_use: 'Disrupted weapons use',
  headquarters_or_base_established: 'Headquarters or base established',
  looting_property_destruction: 'Looting/property destruction',
  non_violent_transfer_of_territory: 'Non-violent transfer of territory',
  other: 'Other',
};

const invert = (table: Record<string, string>) =>
  new Map(Object.entries(table).map(([slug, label]) => [label.toLowerCase(), slug]));
const eventSlugs = invert(acledEventLabels);
const subEventSlugs = invert(acledSubEventLabels);

/** An ACLED label (any case) back to Tally's slug; undefined when ACLED's label is unknown. */
export const eventTypeFromLabel = (label: string) => eventSlugs.get(label.trim().toLowerCase());
export const subEventTypeFromLabel = (label: string) => subEventSlugs.get(label.trim().toLowerCase());

/** ACLED `source_scale` for each kind of source; several kinds are joined with "-" as ACLED does. */
export const sourceScaleOfKind: Record<SourceKind, string> = {
  activist: 'Local',
  medic: 'Local',
  hospital: 'Local',
  morgue: 'Local',
  news_outlet: 'National',
  monitor: 'National',
  official: 'National',
  social_media: 'New media',
};

export function sourceScale(kinds: string[]): string {
  const order = ['Local', 'Subnational', 'National', 'Regional', 'International', 'New media', 'Other'];
  const scales = new Set(kinds.map((k) => sourceScaleOfKind[k as SourceKind] ?? 'Other'));
  return order.filter((s) => scales.has(s)).join('-');
}

/** ACLED `geo_precision`: 1 a town (or part of it), 2 near a town or a small area, 3 a larger region. */
export const acledGeoPrecision: Record<PlaceLevel, 1 | 2 | 3> = {
  neighbourhood: 1,
  locality: 1,
  admin3: 2,
  admin2: 2,
  admin1: 3,
  country: 3,
};

/** UCDP `where_prec`: 1 exact location ... 4 ADM1, 6 the whole country (5 and 7 Tally never produces). */
export const ucdpWherePrecision: Record<PlaceLevel, 1 | 2 | 3 | 4 | 6> = {
  neighbourhood: 1,
  locality: 1,
  admin3: 2,
  admin2: 3,
  admin1: 4,
  country: 6,
};

/** UCDP `where_prec` back to the coarsest Tally level it allows. */
export const placeLevelOfWherePrec: Record<number, PlaceLevel> = {
  1: 'locality',
  2: 'admin3',
  3: 'admin2',
  4: 'admin1',
  5: 'admin1',
  6: 'country',
  7: 'country',
};
export const placeLevelOfGeoPrecision: Record<number, PlaceLevel> = {
  1: 'locality',
  2: 'admin2',
  3: 'admin1',
};

const DAY = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const isoOf = (days: number) => new Date(days * DAY).toISOString().slice(0, 10);
export const spanDays = (start: string, end: string) => dayNumber(end) - dayNumber(start) + 1;
export const midDate = (start: string, end: string) =>
  isoOf(Math.floor((dayNumber(start) + dayNumber(end)) / 2));

/**
 * ACLED `event_date` and `time_precision` for a Tally date range. ACLED codes one event per day;
 * Tally keeps a multi-day incident whole, so its middle day is given with the precision its span allows:
 * 1 one known day; 2 a known week (span up to 7 days); 3 anything coarser (month, year).
 */
export function acledTime(
  start: string,
  end: string,
  precision: string,
): { event_date: string; time_precision: 1 | 2 | 3 } {
  const span = spanDays(start, end);
  if (precision === 'day' && span === 1) return { event_date: start, time_precision: 1 };
  if (precision === 'day' || precision === 'week')
    return { event_date: midDate(start, end), time_precision: span <= 7 ? 2 : 3 };
  return { event_date: midDate(start, end), time_precision: 3 };
}

/** UCDP `date_prec`: 1 exact day, 2 a span of 2-6 days, 3 a known week, 4 a known month, 5 a known year. */
export function ucdpDatePrecision(start: string, end: string, precision: string): 1 | 2 | 3 | 4 | 5 {
  const span = spanDays(start, end);
  if (precision === 'year' || span > 31) return 5;
  if (precision === 'month' || span > 7) return 4;
  if (precision === 'week' || span === 7) return 3;
  return span === 1 ? 1 : 2;
}

/** Tally's date precision for an imported UCDP `date_prec` or ACLED `time_precision`. */
export const datePrecisionOfUcdp: Record<number, 'day' | 'week' | 'month' | 'year'> = {
  1: 'day',
  2: 'day',
  3: 'week',
  4: 'month',
  5: 'year',
};
export const datePrecisionOfAcled: Record<number, 'day' | 'week' | 'month'> = {
  1: 'day',
  2: 'week',
  3: 'month',
};

/**
 * UCDP `type_of_violence` from Tally's event type: violence against civilians is one-sided (3);
 * battles and remote violence are state-based (1), since Tally does not record whether both sides
 * are non-state (2); protests, riots and strategic developments are outside GED (empty).
 */
export function ucdpTypeOfViolence(eventType: string | null): 1 | 3 | null {
  if (eventType === 'violence_against_civilians') return 3;
  if (eventType === 'battles' || eventType === 'explosions_remote_violence') return 1;
  return null;
}

/** ISO 3166-1 alpha-3 for the countries of the shipped gazetteer (ACLED's `iso3`). */
export const iso3OfCountry: Record<string, string> = {
  SY: 'SYR',
  LB: 'LBN',
  TR: 'TUR',
  IQ: 'IRQ',
  JO: 'JOR',
  IL: 'ISR',
  PS: 'PSE',
  EG: 'EGY',
  CY: 'CYP',
};

/** ISO 3166-1 numeric (ACLED's `iso`). */
export const isoNumericOfCountry: Record<string, number> = {
  SY: 760,
  LB: 422,
  TR: 792,
  IQ: 368,
  JO: 400,
  IL: 376,
  PS: 275,
  EG: 818,
  CY: 196,
};

/** ACLED's region for the countries of the shipped gazetteer. */
export const regionOfCountry = (code: string | undefined) =>
  code && code in iso3OfCountry ? (code === 'CY' ? 'Europe' : 'Middle East') : '';

/** ACLED's actor columns from Tally's actor roles. */
export function acledActors(actors: Array<{ name: string; role: string }>) {
  const first = actors.filter((a) => a.role.startsWith('perpetrator') || a.role === 'side_a');
  const second = actors.filter((a) => a.role === 'target' || a.role === 'side_b');
  const associated = actors.filter((a) => a.role === 'associated');
  const names = (list: Array<{ name: string }>) => list.map((a) => a.name).join('; ');
  return {
    actor1: first[0]?.name ?? '',
    assoc_actor_1: names(first.slice(1)),
    actor2: second[0]?.name ?? '',
    assoc_actor_2: names([...second.slice(1), ...associated]),
  };
}

/** The day `n` days after (or before) an ISO day. */
export const shiftDays = (day: string, n: number) => isoOf(dayNumber(day) + n);
