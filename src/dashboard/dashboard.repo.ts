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
 * The map's spots as one JSON document built by the database (see zMapPoints): the incidents with
 * a located place, from the toll facts the tolls use (so the map and the toll agree), grouped by
 * gazetteer point and grade. Built in SQL because rows decoded one by one in JavaScript cost
 * seconds on the embedded engine; one text value costs milliseconds.
 */
export async function mapPointsJson(db: Queryable, filter: MapPointFilter): Promise<string> {
  const rows = await db.query<{ doc: string }>(
    `WITH spots AS (
       SELECT round(p.lon::numeric, 5) AS lon, round(p.lat::numeric, 5) AS lat, f.grade,
              count(*) AS n, sum(f.best) AS best,
              (array_agg(f.incident_id ORDER BY f.day DESC, f.incident_id DESC))[1] AS latest
         FROM toll_fact f
         JOIN incident i ON i.id = f.incident_id
         JOIN place p ON p.id = i.place_id
        WHERE f.outcome = $1 AND f.victim_group = $2 AND f.grade = ANY($3::text[])
          AND ($4::date IS NULL OR f.day >= $4::date)
          AND ($5::date IS NULL OR f.day <= $5::date)
          AND ($6::text IS NULL OR f.admin1_id = $6)
          AND p.lat IS NOT NULL AND p.lon IS NOT NULL
        GROUP BY 1, 2, 3
        ORDER BY n DESC, lon, lat, grade
        LIMIT $7
     )
     -- One pass over the spots feeds every column the same rows in the same order.
     SELECT json_build_object(
              'count', coalesce(sum(n), 0),
              'truncated', count(*) >= $7,
              'grades', to_json($3::text[]),
              'ids', coalesce(json_agg(latest), '[]'),
              'lon', coalesce(json_agg(lon), '[]'),
              'lat', coalesce(json_agg(lat), '[]'),
              'n', coalesce(json_agg(n), '[]'),
              'best', coalesce(json_agg(best), '[]'),
              'grade', coalesce(json_agg(array_position($3::text[], grade) - 1), '[]')
            )::text AS doc
       FROM spots`,
    [filter.outcome, filter.group, filter.grades, filter.from, filter.to, filter.admin1, filter.limit],
  );
  return rows[0]?.doc ?? '{}';
}
