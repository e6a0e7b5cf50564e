import {
  iso3OfCountry,
  regionOfCountry,
  ucdpDatePrecision,
  ucdpTypeOfViolence,
  ucdpWherePrecision,
} from './codes.ts';
import type { Column } from './csv.ts';
import { type ExportIncident, precisionOf } from './incident-records.ts';

/** UCDP GED-style CSV: GED's column names and codes, then Tally's own columns (tally_*). */
export const ucdpColumns: Column[] = [
  { name: 'id', about: "Tally's incident id (a UUID)" },
  { name: 'year', about: 'Year of date_start' },
  {
    name: 'type_of_violence',
    about: '1 state-based (battles, remote violence), 3 one-sided; empty otherwise',
  },
  { name: 'side_a', about: 'Side A, else the first perpetrator' },
  { name: 'side_b', about: 'Side B, else the first target' },
  { name: 'dyad_name', about: '"side_a - side_b" when both are known' },
  { name: 'source_article', about: 'Analyst view: source pseudonyms; public view: kinds of source' },
  { name: 'number_of_sources', about: 'Distinct sources behind the linked claims' },
  {
    name: 'where_prec',
    about: '1 exact place, 2 sub-district, 3 district (ADM2), 4 province (ADM1), 6 country',
  },
  { name: 'where_coordinates', about: 'The place the coordinates belong to' },
  { name: 'where_description', about: 'The place as the sources wrote it' },
  { name: 'adm_1', about: 'Province / governorate' },
  { name: 'adm_2', about: 'District' },
  { name: 'latitude', about: 'WGS 84' },
  { name: 'longitude', about: 'WGS 84' },
  { name: 'geom_wkt', about: 'POINT (longitude latitude)' },
  { name: 'country', about: 'Country name (gazetteer)' },
  { name: 'iso3', about: 'ISO 3166-1 alpha-3' },
  { name: 'region', about: "UCDP's region" },
  { name: 'event_clarity', about: '1 a single day and a place known to town level, else 2' },
  { name: 'date_prec', about: '1 exact day, 2 a span of 2-6 days, 3 a week, 4 a month, 5 a year' },
  { name: 'date_start', about: 'Earliest possible day' },
  { name: 'date_end', about: 'Latest possible day' },
  { name: 'deaths_a', about: 'Best estimate of security-force dead (the state is side A in GED)' },
  { name: 'deaths_b', about: 'Best estimate of other combatants killed' },
  { name: 'deaths_civilians', about: 'Best estimate of civilians killed' },
  { name: 'deaths_unknown', about: 'best minus the three above: dead of unknown status' },
  { name: 'best', about: 'Killed, best estimate' },
  { name: 'high', about: 'Killed, highest credible figure' },
  { name: 'low', about: 'Killed, lowest credible figure' },
  { name: 'tally_grade', about: 'Grade (see Grades)' },
  { name: 'tally_event_type', about: "Tally's event type slug" },
  { name: 'tally_sub_event_type', about: "Tally's sub-event type slug" },
  { name: 'tally_cause', about: 'Cause or weapon (see Causes)' },
  { name: 'tally_place_id', about: 'Gazetteer place id' },
  { name: 'tally_codebook', about: 'Version of this codebook' },
];

export function ucdpRecord(i: ExportIncident, codebook: string): Record<string, unknown> {
  const level = precisionOf(i);
  const sideA =
    i.actors.find((a) => a.role === 'side_a') ?? i.actors.find((a) => a.role.startsWith('perpetrator'));
  const sideB = i.actors.find((a) => a.role === 'side_b') ?? i.actors.find((a) => a.role === 'target');
  const best = i.killed?.best ?? 0;
  const security = i.killedBy.security_forces?.best ?? 0;
  const combatants = Math.max(0, (i.killedBy.combatants?.best ?? 0) - security);
  const civilians = i.killedBy.civilians?.best ?? 0;
  // GED's parts sum to best; when sources' groups add up to more, the parts are scaled back in order.
  const a = Math.min(security, best);
  const b = Math.min(combatants, best - a);
  const c = Math.min(civilians, best - a - b);
  const located = i.place?.lat != null && i.place?.lon != null;
  const country = i.place?.country_code;
  return {
    id: i.id,
    year: i.date_start.slice(0, 4),
    type_of_violence: ucdpTypeOfViolence(i.event_type) ?? '',
    side_a: sideA?.name ?? '',
    side_b: sideB?.name ?? '',
    dyad_name: sideA && sideB ? `${sideA.name} - ${sideB.name}` : '',
    source_article: (i.sources.names ?? i.sources.kinds).join('; '),
    number_of_sources: i.sources.count,
    where_prec: level && located ? ucdpWherePrecision[level] : '',
    where_coordinates: i.place?.name ?? '',
    where_description: i.place_text ?? '',
    adm_1: i.place?.admin1 ?? '',
    adm_2: i.place?.admin2 ?? '',
    latitude: located ? i.place?.lat : '',
    longitude: located ? i.place?.lon : '',
    geom_wkt: located ? `POINT (${i.place?.lon} ${i.place?.lat})` : '',
    country: i.place?.country ?? '',
    iso3: country ? (iso3OfCountry[country] ?? '') : '',
    region: regionOfCountry(country),
    event_clarity:
      i.date_start === i.date_end && level && ['locality', 'neighbourhood'].includes(level) ? 1 : 2,
    date_prec: ucdpDatePrecision(i.date_start, i.date_end, i.date_precision),
    date_start: i.date_start,
    date_end: i.date_end,
    deaths_a: a,
    deaths_b: b,
    deaths_civilians: c,
    deaths_unknown: best - a - b - c,
    best,
    high: i.killed?.high ?? 0,
    low: i.killed?.low ?? 0,
    tally_grade: i.grade,
    tally_event_type: i.event_type ?? '',
    tally_sub_event_type: i.sub_event_type ?? '',
    tally_cause: i.cause ?? '',
    tally_place_id: i.place_id ?? '',
    tally_codebook: codebook,
  };
}
