import type { Queryable } from '../db/client.ts';
import { mapPointsJson } from './dashboard.repo.ts';
import { defaultMapGrades, MAP_SPOTS_MAX, type MapQuery } from './dashboard.ts';

/** The dashboard map's points for its filters, as the JSON text of a zMapPoints document. */
export async function dashboardMapJson(db: Queryable, query: MapQuery): Promise<string> {
  return mapPointsJson(db, {
    from: query.from ?? null,
    to: query.to ?? null,
    admin1: query.admin1 ?? null,
    outcome: query.outcome,
    group: query.group,
    grades: query.grades ?? [...defaultMapGrades],
    limit: MAP_SPOTS_MAX,
  });
}
