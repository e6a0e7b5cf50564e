import { acledEventLabels, acledSubEventLabels, iso3OfCountry } from './codes.ts';
import type { Column } from './csv.ts';
import { type ExportIncident, precisionOf } from './incident-records.ts';

/**
 * HXL-tagged CSV (hxlstandard.org): a row of column names, then a row of hashtags with
 * attributes, then the data. Hashtags are from the HXL core schema (#event, #date, #adm1...).
 */
export const hxlColumns: Column[] = [
  { name: 'id', tag: '#event+id', about: "Tally's incident id" },
  { name: 'date_start', tag: '#date+start', about: 'Earliest possible day' },
  { name: 'date_end', tag: '#date+end', about: 'Latest possible day' },
  { name: 'date_precision', tag: '#date+precision', about: 'day, week, month or year' },
  { name: 'event_type', tag: '#event+type', about: "ACLED's event type label" },
  { name: 'sub_event_type', tag: '#event+type+sub', about: "ACLED's sub-event type label" },
  { name: 'cause', tag: '#cause', about: 'Cause or weapon (see Causes)' },
  { name: 'country_code', tag: '#country+code', about: 'ISO 3166-1 alpha-3' },
  { name: 'country', tag: '#country+name', about: 'Country name' },
  { name: 'admin1', tag: '#adm1+name', about: 'Province / governorate' },
  { name: 'admin2', tag: '#adm2+name', about: 'District' },
  { name: 'admin3', tag: '#adm3+name', about: 'Sub-district' },
  { name: 'location', tag: '#loc+name', about: 'Place name' },
  { name: 'place_id', tag: '#loc+code', about: 'Gazetteer place id' },
  { name: 'latitude', tag: '#geo+lat', about: 'WGS 84' },
  { name: 'longitude', tag: '#geo+lon', about: 'WGS 84' },
  { name: 'place_precision', tag: '#geo+precision', about: 'Place level the coordinates stand for' },
  { name: 'killed_low', tag: '#affected+killed+min', about: 'Killed, lowest credible figure' },
  { name: 'killed_best', tag: '#affected+killed', about: 'Killed, best estimate' },
  { name: 'killed_high', tag: '#affected+killed+max', about: 'Killed, highest credible figure' },
  { name: 'injured_low', tag: '#affected+injured+min', about: 'Injured, lowest credible figure' },
  { name: 'injured_best', tag: '#affected+injured', about: 'Injured, best estimate' },
  { name: 'injured_high', tag: '#affected+injured+max', about: 'Injured, highest credible figure' },
  { name: 'perpetrators', tag: '#org+perpetrator', about: 'Actors named as perpetrators or side A' },
  { name: 'grade', tag: '#status+grade', about: 'Grade (see Grades)' },
  { name: 'sources', tag: '#meta+source', about: 'Source pseudonyms (analyst view) or kinds of source' },
  { name: 'source_count', tag: '#meta+source+num', about: 'Distinct sources' },
  { name: 'notes', tag: '#description+notes', about: "Analysts' notes (analyst view only)" },
  { name: 'codebook', tag: '#meta+codebook', about: 'Version of this codebook' },
];

/** The second row of an HXL file. */
export const hxlHashtags = () => hxlColumns.map((c) => c.tag as string);

export function hxlRecord(i: ExportIncident, codebook: string): Record<string, unknown> {
  const country = i.place?.country_code;
  const located = i.place?.lat != null;
  return {
    id: i.id,
    date_start: i.date_start,
    date_end: i.date_end,
    date_precision: i.date_precision,
    event_type: i.event_type ? acledEventLabels[i.event_type as keyof typeof acledEventLabels] : '',
    sub_event_type: i.sub_event_type ? (acledSubEventLabels[i.sub_event_type] ?? i.sub_event_type) : '',
    cause: i.cause ?? '',
    country_code: country ? (iso3OfCountry[country] ?? '') : '',
    country: i.place?.country ?? '',
    admin1: i.place?.admin1 ?? '',
    admin2: i.place?.admin2 ?? '',
    admin3: i.place?.admin3 ?? '',
    location: i.place?.name ?? i.place_text ?? '',
    place_id: i.place_id ?? '',
    latitude: located ? i.place?.lat : '',
    longitude: located ? i.place?.lon : '',
    place_precision: located ? (precisionOf(i) ?? '') : '',
    killed_low: i.killed?.low ?? 0,
    killed_best: i.killed?.best ?? 0,
    killed_high: i.killed?.high ?? 0,
    injured_low: i.injured?.low ?? '',
    injured_best: i.injured?.best ?? '',
    injured_high: i.injured?.high ?? '',
    perpetrators: i.actors
      .filter((a) => a.role.startsWith('perpetrator') || a.role === 'side_a')
      .map((a) => a.name)
      .join('; '),
    grade: i.grade,
    sources: (i.sources.names ?? i.sources.kinds).join('; '),
    source_count: i.sources.count,
    notes: i.notes ?? '',
    codebook,
  };
}
