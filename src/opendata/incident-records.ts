import type { Queryable } from '../db/client.ts';
import type { ComputedCount } from '../incidents/consolidate.counts.ts';
import { groupFigure } from '../incidents/consolidate.counts.ts';
import { type PlaceLevel, placeLevels } from '../places/place.ts';
import {
  type ExportIncidentRow,
  type IncidentExportFilter,
  type PlaceChainRow,
  pageExportIncidents,
  placeChains,
} from './opendata.repo.ts';

export interface ExportCountRow {
  outcome: string;
  victim_group: string;
  low: number;
  best: number;
  high: number;
}

export interface Bounds {
  low: number;
  best: number;
  high: number;
}

export interface PlaceInfo {
  id: string;
  name: string;
  name_ar: string | null;
  level: string;
  /** The place's own coordinates, or its nearest ancestor's (then `located_at` is that level). */
  lat: number | null;
  lon: number | null;
  located_at: string | null;
  country_code: string;
  country: string | null;
  admin1: string | null;
  admin2: string | null;
  admin3: string | null;
}

/** One incident as every export format sees it: the row, its place, figures and sources. */
export interface ExportIncident extends Omit<ExportIncidentRow, 'notes' | 'counts' | 'sources'> {
  notes: string | null;
  place: PlaceInfo | null;
  counts: ExportCountRow[];
  killed: Bounds | null;
  injured: Bounds | null;
  /** Killed by status, for UCDP's deaths by side (null when no source gave that group). */
  killedBy: { civilians: Bounds | null; combatants: Bounds | null; security_forces: Bounds | null };
  sources: { kinds: string[]; names: string[] | null; count: number };
}

/** What the caller may see: the public view drops analysts' notes and source pseudonyms. */
export interface IncidentView {
  analyst: boolean;
  victimGroupParents: Record<string, string>;
}

const PAGE = 5000;

function placeInfo(chain: PlaceChainRow[]): PlaceInfo | null {
  const self = chain[0];
  if (!self) return null;
  const at = (level: string) => chain.find((p) => p.level === level)?.name_en ?? null;
  const located = chain.find((p) => p.lat != null && p.lon != null);
  return {
    id: self.id,
    name: self.name_en,
    name_ar: self.name_ar,
    level: self.level,
    lat: located?.lat ?? null,
    lon: located?.lon ?? null,
    located_at: located?.level ?? null,
    country_code: self.country_code,
    country: at('country'),
    admin1: at('admin1'),
    admin2: at('admin2'),
    admin3: at('admin3'),
  };
}

/**
 * Everyone killed (or injured) in an incident, as the toll facts count it: the consolidator's
 * roll-up ('all') when there is one, otherwise the largest single group, never a sum of groups
 * that may overlap.
 */
export function outcomeFigure(counts: ExportCountRow[], outcome: string): Bounds | null {
  const rows = counts.filter((c) => c.outcome === outcome);
  if (rows.length === 0) return null;
  const all = rows.find((c) => c.victim_group === 'all');
  if (all) return { low: all.low, best: all.best, high: all.high };
  return {
    low: Math.max(...rows.map((c) => c.low)),
    best: Math.max(...rows.map((c) => c.best)),
    high: Math.max(...rows.map((c) => c.high)),
  };
}

function statusFigure(counts: ExportCountRow[], group: string, parents: Record<string, string>) {
  return groupFigure(counts as unknown as ComputedCount[], 'killed', group, parents);
}

/**
 * Incidents page by page (keyset on date_start, id), with places resolved through a cache that
 * grows only with the number of distinct places, so memory stays flat however many incidents.
 */
export async function* incidentRecords(
  db: Queryable,
  filter: IncidentExportFilter,
  view: IncidentView,
): AsyncGenerator<ExportIncident[]> {
  const places = new Map<string, PlaceInfo | null>();
  let after: { date_start: string; id: string } | null = null;
  for (;;) {
    const rows = await pageExportIncidents(db, filter, after, PAGE);
    if (rows.length === 0) return;
    const missing = [
      ...new Set(rows.map((r) => r.place_id).filter((p): p is string => !!p && !places.has(p))),
    ];
    const chains = await placeChains(db, missing);
    for (const id of missing) places.set(id, placeInfo(chains.filter((c) => c.start_id === id)));
    yield rows.map(({ counts: countCells, sources: [kinds, names, count], ...row }) => {
      const own = (countCells ?? []).map(([outcome, victim_group, low, best, high]) => ({
        outcome,
        victim_group,
        low,
        best,
        high,
      }));
      return {
        ...row,
        notes: view.analyst ? row.notes : null,
        place: row.place_id ? (places.get(row.place_id) ?? null) : null,
        counts: own,
        killed: outcomeFigure(own, 'killed'),
        injured: outcomeFigure(own, 'injured'),
        killedBy: {
          civilians: statusFigure(own, 'civilians', view.victimGroupParents),
          combatants: statusFigure(own, 'combatants', view.victimGroupParents),
          security_forces: statusFigure(own, 'security_forces', view.victimGroupParents),
        },
        sources: { kinds: kinds ?? [], names: view.analyst ? (names ?? []) : null, count },
      };
    });
    if (rows.length < PAGE) return;
    const last = rows.at(-1) as ExportIncidentRow;
    after = { date_start: last.date_start, id: last.id };
  }
}

/**
 * The place level an incident's coordinates stand for: its own precision (else its place's level),
 * made coarser when the coordinates are a larger ancestor's.
 */
export function precisionOf(i: ExportIncident): PlaceLevel | null {
  const stated = (i.place_precision ?? i.place?.level ?? null) as PlaceLevel | null;
  const located = (i.place?.located_at ?? null) as PlaceLevel | null;
  if (!stated || !located) return stated ?? located;
  return placeLevels.indexOf(located) < placeLevels.indexOf(stated) ? located : stated;
}
