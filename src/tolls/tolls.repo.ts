import type { Queryable } from '../db/client.ts';
import type { TollDimension } from './toll.ts';

export interface TollCellRow {
  period: string | null;
  area: string | null;
  outcome: string;
  victim_group: string;
  cause: string | null;
  low: number;
  best: number;
  high: number;
  incidents: number;
  sources: number;
}

export interface TollFilter {
  from: string;
  to: string;
  by: TollDimension[];
  grades: string[];
  outcome: string | null;
  group: string | null;
  country: string | null;
  admin1: string | null;
  admin2: string | null;
}

// Fixed SQL fragments chosen from the breakdown: no user text ever reaches the statement.
const periodSql: Record<string, string> = {
  day: 'f.day',
  week: "date_trunc('week', f.day)::date",
  month: "date_trunc('month', f.day)::date",
};
const areaSql: Record<string, string> = {
  country: 'f.country_id',
  admin1: 'f.admin1_id',
  admin2: 'f.admin2_id',
};

/**
 * The WHERE clause over toll_fact (alias f) for a filter, with its parameters. Only the filters
 * in use go into the statement: on PostgreSQL, named statements get generic plans, and a generic
 * plan for "($4 IS NULL OR outcome = $4)" cannot use the index well.
 */
export function factWhere(filter: Omit<TollFilter, 'by'>): { where: string[]; params: unknown[] } {
  const params: unknown[] = [filter.from, filter.to, filter.grades];
  const where = ['f.day BETWEEN $1::date AND $2::date', 'f.grade = ANY($3::text[])'];
  const optional: Array<[string, string | null]> = [
    ['f.outcome', filter.outcome],
    ['f.victim_group', filter.group],
    ['f.country_id', filter.country],
    ['f.admin1_id', filter.admin1],
    ['f.admin2_id', filter.admin2],
  ];
  for (const [column, value] of optional) {
    if (value === null) continue;
    params.push(value);
    where.push(`${column} = $${params.length}::text`);
  }
  return { where, params };
}

/**
 * Sums the pre-aggregated facts (one per incident, outcome and group) over the breakdown.
 * Sources are counted distinct over the cell, in a second pass, so one independence group
 * reporting ten incidents counts once.
 */
export async function aggregateTolls(db: Queryable, filter: TollFilter): Promise<TollCellRow[]> {
  const period = filter.by.find((d) => d in periodSql);
  const area = filter.by.find((d) => d in areaSql);
  const select = [
    `${period ? periodSql[period] : 'NULL::date'} AS period`,
    `${area ? areaSql[area] : 'NULL::text'} AS area`,
    'f.outcome',
    'f.victim_group',
    `${filter.by.includes('cause') ? 'f.cause' : 'NULL::text'} AS cause`,
  ].join(', ');
  const { where, params } = factWhere(filter);
  const keys = 'period, area, outcome, victim_group, cause';
  // One pass over the facts, grouped by cell and by the cell's source-group sets (few: the same
  // independence groups report many incidents); sums and distinct sources both come from that.
  // The two are put together by grouping again (GROUP BY matches NULL keys), not by a join:
  // a join on "IS NOT DISTINCT FROM" cannot hash and compares every pair of rows.
  const sql = `
    WITH c AS MATERIALIZED (
      SELECT ${select}, f.source_groups, sum(f.low) AS low, sum(f.best) AS best, sum(f.high) AS high,
             count(*) AS incidents
      FROM toll_fact f
      WHERE ${where.join(' AND ')}
      GROUP BY 1, 2, 3, 4, 5, 6
    ),
    parts AS (
      SELECT ${keys}, sum(low) AS low, sum(best) AS best, sum(high) AS high, sum(incidents) AS incidents,
             NULL::bigint AS sources
      FROM c GROUP BY ${keys}
      UNION ALL
      -- Distinct (cell, group) pairs by hashing, then a count: cheaper than count(DISTINCT), which sorts.
      SELECT ${keys}, NULL, NULL, NULL, NULL, count(*)
      FROM (SELECT DISTINCT ${keys}, g FROM c, unnest(c.source_groups) AS g) pairs
      GROUP BY ${keys}
    )
    SELECT ${keys}, max(low)::int AS low, max(best)::int AS best, max(high)::int AS high,
           max(incidents)::int AS incidents, COALESCE(max(sources), 0)::int AS sources
    FROM parts
    GROUP BY ${keys}
    HAVING max(incidents) IS NOT NULL
    ORDER BY period NULLS FIRST, area NULLS LAST, outcome, victim_group, cause NULLS FIRST`;
  return db.query<TollCellRow>(sql, params);
}

export interface PlaceNameRow {
  id: string;
  level: string;
  name_en: string;
  name_ar: string | null;
}

export async function placeNames(db: Queryable, ids: string[]): Promise<Map<string, PlaceNameRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<PlaceNameRow>(
    'SELECT id, level, name_en, name_ar FROM place WHERE id = ANY($1::text[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Each place's ancestors (itself included), for just the places a toll mentions. */
export async function ancestorsOf(db: Queryable, ids: string[]): Promise<Map<string, Set<string>>> {
  const result = new Map<string, Set<string>>(ids.map((id) => [id, new Set([id])]));
  if (ids.length === 0) return result;
  const rows = await db.query<{ id: string; ancestor: string }>(
    `WITH RECURSIVE up AS (
       SELECT id, parent_id, id AS start, 0 AS depth FROM place WHERE id = ANY($1::text[])
       UNION ALL
       SELECT p.id, p.parent_id, up.start, up.depth + 1 FROM place p JOIN up ON p.id = up.parent_id WHERE up.depth < 12
     )
     SELECT start AS id, id AS ancestor FROM up`,
    [ids],
  );
  for (const row of rows) result.get(row.id)?.add(row.ancestor);
  return result;
}

export interface ClosureRow {
  place_id: string;
  day: string;
  reason: string | null;
}

export async function closuresBetween(db: Queryable, from: string, to: string): Promise<ClosureRow[]> {
  return db.query<ClosureRow>(
    'SELECT place_id, day, reason FROM toll_closure WHERE day BETWEEN $1::date AND $2::date',
    [from, to],
  );
}

/** Closes each day of the range for the area; a day closed before stays as it was. Returns days newly closed. */
export async function insertClosures(
  tx: Queryable,
  placeId: string,
  from: string,
  to: string,
  actor: string,
  reason: string | null,
): Promise<string[]> {
  const rows = await tx.query<{ day: string }>(
    `INSERT INTO toll_closure (place_id, day, actor, reason)
     SELECT $1, d::date, $4, $5 FROM generate_series($2::date, $3::date, interval '1 day') AS d
     ON CONFLICT DO NOTHING RETURNING day`,
    [placeId, from, to, actor, reason],
  );
  return rows.map((r) => r.day);
}

export interface DisruptionRow {
  id: string;
  place_id: string;
  since: string;
  until: string | null;
  reason: string;
  actor: string;
  created_at: Date;
}

export async function disruptionsOverlapping(
  db: Queryable,
  from: string,
  to: string,
): Promise<DisruptionRow[]> {
  return db.query<DisruptionRow>(
    `SELECT * FROM reporting_disruption
     WHERE since <= $2::date AND (until IS NULL OR until >= $1::date)
     ORDER BY since, id`,
    [from, to],
  );
}

export async function insertDisruption(
  tx: Queryable,
  row: Omit<DisruptionRow, 'created_at'>,
): Promise<DisruptionRow> {
  const rows = await tx.query<DisruptionRow>(
    `INSERT INTO reporting_disruption (id, place_id, since, until, reason, actor)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [row.id, row.place_id, row.since, row.until, row.reason, row.actor],
  );
  return rows[0] as DisruptionRow;
}

export async function endDisruption(
  tx: Queryable,
  id: string,
  until: string,
): Promise<DisruptionRow | undefined> {
  const rows = await tx.query<DisruptionRow>(
    'UPDATE reporting_disruption SET until = GREATEST(since, $2::date) WHERE id = $1 RETURNING *',
    [id, until],
  );
  return rows[0];
}
