import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../core/actor.ts';
import { notFound, TallyError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { Db, Queryable } from '../db/client.ts';
import type { PlaceTree } from '../incidents/consolidate.cluster.ts';
import { findExistingPlaceIds } from '../places/places.repo.ts';
import { addDays, describeCause, type ProvisionalContext, provisionalCauses } from './provisional.ts';
import type { Disruption, TollFigure, TollQuery, Tolls } from './toll.ts';
import { loadTollSettings, type TollSettings } from './toll-settings.ts';
import {
  aggregateTolls,
  ancestorsOf,
  closuresBetween,
  type DisruptionRow,
  disruptionsOverlapping,
  endDisruption as endDisruptionRow,
  insertClosures,
  insertDisruption,
  placeNames,
} from './tolls.repo.ts';

export interface TollOptions {
  settings?: TollSettings;
  /** The day "now" is measured from (tests fix it); default today in UTC. */
  today?: string;
}

function periodBounds(by: string[], period: string | null, from: string, to: string): [string, string] {
  if (!period) return [from, to];
  let end = period;
  if (by.includes('week')) end = addDays(period, 6);
  if (by.includes('month')) {
    const d = new Date(`${period}T00:00:00Z`);
    end = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
  }
  return [period < from ? from : period, end > to ? to : end];
}

/**
 * Tolls as of now: sums of incidents' low / best / high per period, area, outcome and group,
 * with how many incidents and independent sources stand behind each figure and whether it is
 * still provisional (reporting delay, no analyst closure, or disrupted reporting).
 */
export async function computeTolls(
  db: Queryable,
  query: TollQuery,
  options: TollOptions = {},
): Promise<Tolls> {
  const settings = options.settings ?? loadTollSettings();
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const grades = query.grades ?? settings.headlineGrades;
  const filter = {
    from: query.from,
    to: query.to,
    by: query.by,
    grades,
    outcome: query.by.includes('outcome') ? (query.outcome ?? null) : (query.outcome ?? 'killed'),
    group: query.by.includes('group') ? (query.group ?? null) : (query.group ?? 'all'),
    country: query.country ?? null,
    admin1: query.admin1 ?? null,
    admin2: query.admin2 ?? null,
  };
  const [cells, closures, disruptions] = await Promise.all([
    aggregateTolls(db, filter),
    closuresBetween(db, query.from, query.to),
    disruptionsOverlapping(db, query.from, query.to),
  ]);
  const mentioned = [
    ...new Set(
      [
        ...cells.map((c) => c.area),
        ...disruptions.map((d) => d.place_id),
        ...closures.map((c) => c.place_id),
        filter.admin2 ?? filter.admin1 ?? filter.country,
      ].filter((a): a is string => !!a),
    ),
  ];
  // Only the places this toll mentions, not the whole gazetteer: this runs on every request.
  const [names, ancestors] = await Promise.all([placeNames(db, mentioned), ancestorsOf(db, mentioned)]);
  const tree: PlaceTree = {
    ancestors: (id) => ancestors.get(id) ?? new Set([id]),
    depth: () => 0,
  };
  const closed = new Map<string, Set<string>>();
  for (const c of closures) closed.set(c.place_id, (closed.get(c.place_id) ?? new Set()).add(c.day));
  const ctx: ProvisionalContext = {
    today,
    delayDays: settings.provisionalDays,
    tree,
    placeName: (id, lang = 'en') =>
      (lang === 'ar' ? names.get(id)?.name_ar : undefined) ?? names.get(id)?.name_en ?? id,
    isCountry: (id) => names.get(id)?.level === 'country',
    closures: closed,
    disruptions,
  };
  const scope = filter.admin2 ?? filter.admin1 ?? filter.country;
  const figures: TollFigure[] = cells.map((cell) => {
    const [start, end] = periodBounds(query.by, cell.period, query.from, query.to);
    const areaId = cell.area ?? scope;
    const causes = provisionalCauses(ctx, areaId, start, end);
    const area = cell.area ? names.get(cell.area) : undefined;
    const href = new URLSearchParams({ from: start, to: end, grades: grades.join(',') });
    const level = query.by.find((d) => d === 'country' || d === 'admin1' || d === 'admin2');
    if (cell.area && level) href.set(level, cell.area);
    else if (scope) href.set(filter.admin2 ? 'admin2' : filter.admin1 ? 'admin1' : 'country', scope);
    return {
      period_start: cell.period ? start : null,
      period_end: cell.period ? end : null,
      area: area ? { id: area.id, level: area.level, name_en: area.name_en, name_ar: area.name_ar } : null,
      outcome: cell.outcome,
      victim_group: cell.victim_group,
      cause: cell.cause,
      low: cell.low,
      best: cell.best,
      high: cell.high,
      incidents: cell.incidents,
      sources: cell.sources,
      provisional: causes.length > 0,
      provisional_reasons: causes.map((c) => describeCause(c)),
      provisional_causes: causes,
      incidents_href: `/api/v1/incidents?${href}`,
    };
  });
  return {
    query: { ...filter, by: query.by },
    as_of: new Date().toISOString(),
    figures,
  };
}

async function assertPlace(tx: Queryable, placeId: string) {
  if (!(await findExistingPlaceIds(tx, [placeId])).has(placeId))
    throw new TallyError('unprocessable', `Place ${placeId} is not in the gazetteer`, {
      fields: [{ field: 'place_id', message: 'no place has this id' }],
    });
}

/** An analyst declares an area's days final: their tolls stop being provisional for delay. */
export async function closeTollDays(
  db: Db,
  actor: Actor,
  input: { place_id: string; from: string; to?: string | undefined; reason?: string | undefined },
): Promise<{ closed: string[] }> {
  const to = input.to ?? input.from;
  if (to < input.from)
    throw new TallyError('validation_failed', 'to must not be before from', {
      fields: [{ field: 'to', message: 'before from' }],
    });
  return db.transaction(async (tx) => {
    await assertPlace(tx, input.place_id);
    const closed = await insertClosures(tx, input.place_id, input.from, to, actor.id, input.reason ?? null);
    if (closed.length > 0)
      await recordAudit(tx, actor, {
        action: 'toll.close',
        entity: 'place',
        entityId: input.place_id,
        after: { days: closed },
        reason: input.reason,
      });
    return { closed };
  });
}

const presentDisruption = (row: DisruptionRow): Disruption => ({
  ...row,
  created_at: row.created_at.toISOString(),
});

/** "Communications down in Homs since ...": keeps the area's tolls provisional and says why. */
export async function reportDisruption(
  db: Db,
  actor: Actor,
  input: { place_id: string; since: string; until?: string | null | undefined; reason: string },
): Promise<Disruption> {
  return db.transaction(async (tx) => {
    await assertPlace(tx, input.place_id);
    const row = await insertDisruption(tx, {
      id: newId(),
      place_id: input.place_id,
      since: input.since,
      until: input.until ?? null,
      reason: input.reason,
      actor: actor.id,
    });
    await recordAudit(tx, actor, {
      action: 'disruption.create',
      entity: 'reporting_disruption',
      entityId: row.id,
      after: presentDisruption(row),
      reason: input.reason,
    });
    return presentDisruption(row);
  });
}

export async function endDisruption(
  db: Db,
  actor: Actor,
  id: string,
  until: string,
  reason?: string,
): Promise<Disruption> {
  return db.transaction(async (tx) => {
    const row = await endDisruptionRow(tx, id, until);
    if (!row) throw notFound('Disruption', id);
    await recordAudit(tx, actor, {
      action: 'disruption.end',
      entity: 'reporting_disruption',
      entityId: id,
      after: presentDisruption(row),
      reason,
    });
    return presentDisruption(row);
  });
}

export async function listDisruptions(db: Queryable, from: string, to: string): Promise<Disruption[]> {
  return (await disruptionsOverlapping(db, from, to)).map(presentDisruption);
}
