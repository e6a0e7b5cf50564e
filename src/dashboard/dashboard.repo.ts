import type { Queryable } from '../db/client.ts';

export interface MapPointFilter {
  from: string | null;
  to: string | null;
  admin1: string | null;
  outcome: string;
  group: string;
  grades: string[];
  limit: number;
}

/**
 * The map's points as one JSON document built by the database (see zMapPoints): one row per
 * incident with a located place, from the toll facts the tolls use (so the map and the toll
 * agree), at the incident's gazetteer point. Built in SQL because 100,000 rows decoded one by
 * one in JavaScript cost seconds on the embedded engine; one text value costs milliseconds.
 */
export async function mapPointsJson(db: Queryable, filter: MapPointFilter): Promise<string> {
  const rows = await db.query<{ doc: string }>(
    `WITH points AS (
       SELECT f.incident_id AS id, p.lon, p.lat, f.best, f.grade, f.day
         FROM toll_fact f
         JOIN incident i ON i.id = f.incident_id
         JOIN place p ON p.id = i.place_id
        WHERE f.outcome = $1 AND f.victim_group = $2 AND f.grade = ANY($3::text[])
          AND ($4::date IS NULL OR f.day >= $4::date)
          AND ($5::date IS NULL OR f.day <= $5::date)
          AND ($6::text IS NULL OR f.admin1_id = $6)
          AND p.lat IS NOT NULL AND p.lon IS NOT NULL
        ORDER BY f.day, f.incident_id
        LIMIT $7
     )
     SELECT json_build_object(
              'count', count(*),
              'truncated', count(*) >= $7,
              'grades', to_json($3::text[]),
              'ids', coalesce(json_agg(id), '[]'),
              'lon', coalesce(json_agg(round(lon::numeric, 5)), '[]'),
              'lat', coalesce(json_agg(round(lat::numeric, 5)), '[]'),
              'best', coalesce(json_agg(best), '[]'),
              'grade', coalesce(json_agg(array_position($3::text[], grade) - 1), '[]'),
              'day', coalesce(json_agg(day - DATE '1970-01-01'), '[]')
            )::text AS doc
       FROM points`,
    [filter.outcome, filter.group, filter.grades, filter.from, filter.to, filter.admin1, filter.limit],
  );
  return rows[0]?.doc ?? '{}';
}
