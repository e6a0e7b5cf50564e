import { createHash } from 'node:crypto';
import { type NewIncident, zNewIncident } from '../incidents/incident.ts';
import type { NewClaim } from '../intake/claim.ts';
import { type NewReport, zNewReport } from '../intake/report.ts';
import type { PlaceLevel } from '../places/place.ts';
import { placeLevels } from '../places/place.ts';
import type { PlaceResolver } from '../places/resolve.ts';
import {
  datePrecisionOfAcled,
  datePrecisionOfUcdp,
  eventTypeFromLabel,
  placeLevelOfGeoPrecision,
  placeLevelOfWherePrec,
  subEventTypeFromLabel,
} from './codes.ts';

/**
 * One row of an ACLED-style or UCDP-style CSV as what Tally stores: a report of the dataset
 * (the row itself as its payload), one accepted claim per figure, and an incident resting on them.
 * Pure: the import service resolves nothing but places and writes nothing but what this returns.
 */

export type DatasetFormat = 'acled' | 'ucdp';

/** A UUID made from a name (SHA-256, version 5 layout): the same row always gets the same report id. */
export function uuidFromName(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  const variant = ((Number.parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface MappedRow {
  report: NewReport;
  incident: Omit<NewIncident, 'claim_ids'>;
}

export class RowProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const int = (cells: Record<string, string>, name: string): number | null => {
  const raw = cells[name]?.trim();
  if (raw === undefined || raw === '') return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new RowProblem(name, `"${raw}" is not a whole number of people`);
  return n;
};
const text = (cells: Record<string, string>, name: string) => {
  const v = cells[name]?.trim();
  return v ? v : null;
};
const day = (cells: Record<string, string>, name: string) => {
  const v = text(cells, name);
  if (v && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new RowProblem(name, `"${v}" is not a date as YYYY-MM-DD`);
  return v;
};

const causeOfSubEvent: Record<string, NonNullable<NewClaim['cause']>['type']> = {
  air_drone_strike: 'air_drone_strike',
  shelling_artillery_missile_attack: 'shelling_artillery_missile',
  armed_clash: 'armed_clash',
  suicide_bomb: 'suicide_bomb',
  remote_explosive_landmine_ied: 'ied_car_bomb',
  chemical_weapon: 'chemical',
};

const coarser = (a: PlaceLevel, b: PlaceLevel) => (placeLevels.indexOf(a) < placeLevels.indexOf(b) ? a : b);

/** The gazetteer place of a row: Tally's own id when the file carries one, else the resolver's best guess. */
function placeOf(
  cells: Record<string, string>,
  resolver: PlaceResolver,
  knownPlaces: Set<string>,
  name: string | null,
  stated: PlaceLevel | null,
) {
  const own = text(cells, 'tally_place_id');
  if (own && knownPlaces.has(own)) return { id: own, precision: stated };
  if (!name) return { id: null, precision: stated };
  const lat = Number(cells.latitude);
  const lon = Number(cells.longitude);
  const admin1 = text(cells, 'admin1') ?? text(cells, 'adm_1');
  const [best] = resolver.resolve(name, {
    ...(admin1 ? { admin1 } : {}),
    ...(Number.isFinite(lat) && Number.isFinite(lon) && cells.latitude ? { near: { lat, lon } } : {}),
  });
  if (!best) return { id: null, precision: stated };
  return { id: best.id, precision: stated ? coarser(stated, best.level) : best.level };
}

export function mapDatasetRow(
  format: DatasetFormat,
  dataset: string,
  sourceId: string,
  cells: Record<string, string>,
  resolver: PlaceResolver,
  knownPlaces: Set<string>,
): MappedRow {
  const acled = format === 'acled';
  const eventId = text(cells, acled ? 'event_id_cnty' : 'id');
  if (!eventId) throw new RowProblem(acled ? 'event_id_cnty' : 'id', 'every row needs its event id');
  const start = day(cells, 'tally_date_start') ?? day(cells, acled ? 'event_date' : 'date_start');
  if (!start) throw new RowProblem(acled ? 'event_date' : 'date_start', 'every row needs a date');
  const end = day(cells, 'tally_date_end') ?? (acled ? start : (day(cells, 'date_end') ?? start));
  const precisionCode = int(cells, acled ? 'time_precision' : 'date_prec') ?? 1;
  const datePrecision = (acled ? datePrecisionOfAcled : datePrecisionOfUcdp)[precisionCode] ?? 'day';

  let eventType: NewIncident['event_type'] = null;
  let subEventType: string | null = null;
  if (acled) {
    eventType = (eventTypeFromLabel(cells.event_type ?? '') ?? null) as NewIncident['event_type'];
    subEventType = subEventTypeFromLabel(cells.sub_event_type ?? '') ?? null;
  } else {
    eventType = (text(cells, 'tally_event_type') ??
      ({ 1: 'battles', 2: 'battles', 3: 'violence_against_civilians' } as Record<number, string>)[
        int(cells, 'type_of_violence') ?? 0
      ] ??
      null) as NewIncident['event_type'];
    subEventType = text(cells, 'tally_sub_event_type');
  }

  // ACLED's fatalities is its most conservative figure; Tally's own columns carry the range.
  const low =
    int(cells, acled ? 'tally_fatalities_low' : 'low') ?? int(cells, acled ? 'fatalities' : 'best') ?? 0;
  const best = int(cells, acled ? 'tally_fatalities_best' : 'best') ?? low;
  const high = int(cells, acled ? 'tally_fatalities_high' : 'high') ?? (acled ? null : best);
  if (best < low || (high !== null && high < best))
    throw new RowProblem(
      acled ? 'fatalities' : 'best',
      `figures ${low} / ${best} / ${high} are not low <= best <= high`,
    );

  const placeName = text(cells, acled ? 'location' : 'where_coordinates');
  const precision = acled
    ? placeLevelOfGeoPrecision[int(cells, 'geo_precision') ?? 0]
    : placeLevelOfWherePrec[int(cells, 'where_prec') ?? 0];
  const place = placeOf(cells, resolver, knownPlaces, placeName, precision ?? null);
  const placeText = [
    placeName,
    text(cells, acled ? 'admin2' : 'adm_2'),
    text(cells, acled ? 'admin1' : 'adm_1'),
  ]
    .filter(Boolean)
    .join(', ');
  const first = text(cells, acled ? 'actor1' : 'side_a');
  const second = text(cells, acled ? 'actor2' : 'side_b');
  const cause = (text(cells, 'tally_cause') ??
    (subEventType ? causeOfSubEvent[subEventType] : null) ??
    null) as NonNullable<NewClaim['cause']>['type'] | null;

  const claim = {
    outcome: 'killed',
    count: {
      text: acled ? (cells.fatalities ?? null) : `${low}-${high ?? best}`,
      qualifier: acled && high === null ? 'at_least' : low === high ? 'exact' : 'range',
      min: low,
      best,
      max: high,
    },
    victims: { group: 'people' },
    place: { text: placeText || null, id: place.id, precision: place.precision },
    date: { text: cells[acled ? 'event_date' : 'date_start'] ?? null, start, end, precision: datePrecision },
    cause: cause ? { type: cause } : null,
    perpetrator: first,
    source: { name: dataset },
    status: 'accepted',
  };
  const report = zNewReport.parse({
    id: uuidFromName(`tally-import:${dataset}:${eventId}`),
    source_id: sourceId,
    channel: 'import',
    payload: cells,
    claims: [claim],
  });
  const actors = [
    ...(first ? [{ name: first, role: 'side_a' }] : []),
    ...(second ? [{ name: second, role: 'side_b' }] : []),
    ...[cells.assoc_actor_1, cells.assoc_actor_2]
      .flatMap((v) => (v ?? '').split(';'))
      .map((v) => v.trim())
      .filter(Boolean)
      .map((name) => ({ name, role: 'associated' })),
  ].slice(0, 50);
  const incident = zNewIncident.parse({
    date_start: start,
    date_end: end,
    date_precision: datePrecision,
    place_id: place.id,
    place_text: placeText || null,
    place_precision: place.precision,
    event_type: eventType,
    sub_event_type: eventType && subEventType ? subEventType : null,
    cause,
    actors,
    grade: text(cells, 'tally_grade') ?? 'unverified',
    notes: text(cells, 'notes'),
    counts: [
      {
        outcome: 'killed',
        victim_group: 'people',
        low,
        best,
        high: high ?? best,
        rule: `import: ${dataset} ${acled ? 'fatalities (conservative)' : 'low/best/high'}`,
      },
    ],
  });
  const { claim_ids: _ignored, ...rest } = incident;
  return { report, incident: rest };
}
