import type { Queryable } from '../db/client.ts';
import type { PublicIncident } from './toll.ts';
import { factWhere, type TollFilter } from './tolls.repo.ts';

/**
 * Stores, with a publication, the incidents behind its figures in their public form (built here,
 * field by field: no claim, source, note or analyst reason can reach it). Returns how many.
 */
export async function snapshotIncidentsBehind(
  tx: Queryable,
  publicationId: string,
  filter: Omit<TollFilter, 'by'>,
): Promise<number> {
  const { where, params } = factWhere(filter);
  params.push(publicationId);
  const rows = await tx.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO toll_publication_incident (publication_id, incident_id, snapshot)
       SELECT $${params.length}::uuid, i.id, jsonb_build_object(
         'id', i.id, 'date_start', i.date_start, 'date_end', i.date_end, 'date_precision', i.date_precision,
         'place', CASE WHEN p.id IS NULL THEN NULL
                  ELSE jsonb_build_object('id', p.id, 'level', p.level, 'name_en', p.name_en, 'name_ar', p.name_ar) END,
         'country_id', i.country_id, 'admin1_id', i.admin1_id, 'admin2_id', i.admin2_id,
         'event_type', i.event_type, 'cause', i.cause, 'grade', i.grade, 'source_count', i.source_count,
         'counts', COALESCE((
           SELECT jsonb_agg(jsonb_build_object('outcome', c.outcome, 'victim_group', c.victim_group,
                    'low', c.low, 'best', c.best, 'high', c.high,
                    'low_rule', COALESCE(c.low_rule, c.rule), 'best_rule', COALESCE(c.best_rule, c.rule),
                    'high_rule', COALESCE(c.high_rule, c.rule), 'sources', cardinality(c.source_groups))
                  ORDER BY c.outcome, c.victim_group)
           FROM incident_count c WHERE c.incident_id = i.id), '[]'::jsonb),
         'updated_at', to_char(i.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
       FROM incident i LEFT JOIN place p ON p.id = i.place_id
       WHERE i.id IN (SELECT f.incident_id FROM toll_fact f WHERE ${where.join(' AND ')})
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM ins`,
    params,
  );
  return rows[0]?.n ?? 0;
}

export interface PublicIncidentFilter {
  publicationId: string;
  from: string | null;
  to: string | null;
  country: string | null;
  admin1: string | null;
  admin2: string | null;
  after: { key: string; id: string } | null;
  limit: number;
}

export async function listPublishedIncidents(
  db: Queryable,
  f: PublicIncidentFilter,
): Promise<PublicIncident[]> {
  const rows = await db.query<{ snapshot: PublicIncident }>(
    `SELECT snapshot FROM toll_publication_incident
     WHERE publication_id = $1
       AND ($2::text IS NULL OR snapshot->>'date_start' >= $2)
       AND ($3::text IS NULL OR snapshot->>'date_start' <= $3)
       AND ($4::text IS NULL OR snapshot->>'country_id' = $4)
       AND ($5::text IS NULL OR snapshot->>'admin1_id' = $5)
       AND ($6::text IS NULL OR snapshot->>'admin2_id' = $6)
       AND ($7::text IS NULL OR (snapshot->>'date_start', incident_id) > ($7::text, $8::uuid))
     ORDER BY snapshot->>'date_start', incident_id
     LIMIT $9`,
    [
      f.publicationId,
      f.from,
      f.to,
      f.country,
      f.admin1,
      f.admin2,
      f.after?.key ?? null,
      f.after?.id ?? null,
      f.limit + 1,
    ],
  );
  return rows.map((r) => r.snapshot);
}
