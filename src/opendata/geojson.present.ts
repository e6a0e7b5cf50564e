import type { Column } from './csv.ts';
import { type ExportIncident, precisionOf } from './incident-records.ts';

/**
 * GeoJSON (RFC 7946): one FeatureCollection, one Feature per incident, a Point in WGS 84 as
 * [longitude, latitude] with at most 6 decimals, or a null geometry when the place is unknown.
 * No "crs" member (RFC 7946 §4); the codebook version is a foreign member of the collection.
 */
export const geojsonProperties: Column[] = [
  { name: 'id', about: "Tally's incident id (also the Feature's id)" },
  { name: 'date_start', about: 'Earliest possible day' },
  { name: 'date_end', about: 'Latest possible day' },
  { name: 'date_precision', about: 'day, week, month or year' },
  { name: 'event_type', about: "Tally's event type slug" },
  { name: 'sub_event_type', about: "Tally's sub-event type slug" },
  { name: 'cause', about: 'Cause or weapon' },
  { name: 'place_id', about: 'Gazetteer place id' },
  { name: 'location', about: 'Place name' },
  { name: 'admin1', about: 'Province / governorate' },
  { name: 'admin2', about: 'District' },
  { name: 'place_precision', about: 'Place level the point stands for' },
  { name: 'killed', about: '{low, best, high} or null' },
  { name: 'injured', about: '{low, best, high} or null' },
  { name: 'actors', about: '[{name, role}]' },
  { name: 'grade', about: 'Grade (see Grades)' },
  { name: 'sources', about: 'Distinct sources' },
  { name: 'notes', about: "Analysts' notes (analyst view only)" },
];

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

export function geojsonFeature(i: ExportIncident): Record<string, unknown> {
  const located = i.place?.lat != null && i.place?.lon != null;
  return {
    type: 'Feature',
    id: i.id,
    geometry: located
      ? { type: 'Point', coordinates: [round6(i.place?.lon as number), round6(i.place?.lat as number)] }
      : null,
    properties: {
      id: i.id,
      date_start: i.date_start,
      date_end: i.date_end,
      date_precision: i.date_precision,
      event_type: i.event_type,
      sub_event_type: i.sub_event_type,
      cause: i.cause,
      place_id: i.place_id,
      location: i.place?.name ?? i.place_text,
      admin1: i.place?.admin1 ?? null,
      admin2: i.place?.admin2 ?? null,
      place_precision: located ? precisionOf(i) : null,
      killed: i.killed,
      injured: i.injured,
      actors: i.actors,
      grade: i.grade,
      sources: i.sources.count,
      notes: i.notes,
    },
  };
}

export const geojsonOpening = (codebook: string, view: string) =>
  `{"type":"FeatureCollection","tally":${JSON.stringify({ codebook, view })},"features":[\n`;
export const geojsonClosing = ']}\n';
