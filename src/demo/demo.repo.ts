import type { Queryable } from '../db/client.ts';

/** How many reports the database holds; the demo loads only where there are none. */
export async function countReports(db: Queryable): Promise<number> {
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM report');
  return rows[0]?.n ?? 0;
}

/** What the demo left behind, counted from the tables themselves rather than from its own plan. */
export async function countDemoData(db: Queryable) {
  const rows = await db.query<{
    sources: number;
    reports: number;
    claims: number;
    claims_proposed: number;
    incidents: number;
    victims: number;
    victims_linked: number;
    persons: number;
    evidence: number;
  }>(
    `SELECT (SELECT count(*)::int FROM source) AS sources,
            (SELECT count(*)::int FROM report) AS reports,
            (SELECT count(*)::int FROM claim) AS claims,
            (SELECT count(*)::int FROM claim WHERE status = 'proposed') AS claims_proposed,
            (SELECT count(*)::int FROM incident) AS incidents,
            (SELECT count(*)::int FROM victim_record) AS victims,
            (SELECT count(DISTINCT victim_record_id)::int FROM incident_victim) AS victims_linked,
            (SELECT count(DISTINCT person_id)::int FROM person_membership WHERE valid_to IS NULL) AS persons,
            (SELECT count(*)::int FROM evidence_item) AS evidence`,
  );
  return rows[0] as NonNullable<(typeof rows)[0]>;
}

/** The incident a report's claims were consolidated into, to link the report's photo to it. */
export async function incidentOfReport(db: Queryable, reportId: string): Promise<string | undefined> {
  const rows = await db.query<{ incident_id: string }>(
    `SELECT ic.incident_id FROM incident_claim ic JOIN claim c ON c.id = ic.claim_id
     WHERE c.report_id = $1 ORDER BY ic.incident_id LIMIT 1`,
    [reportId],
  );
  return rows[0]?.incident_id;
}

/**
 * The demo's named dead grouped by the one incident at their place and day of death. A record
 * that two incidents could claim is left for an analyst.
 */
export async function victimsByIncident(
  db: Queryable,
): Promise<Array<{ incident_id: string; record_ids: string[] }>> {
  return db.query(
    `WITH candidates AS (
       SELECT r.id AS record_id, r.created_at, i.id AS incident_id,
              count(*) OVER (PARTITION BY r.id) AS incidents
       FROM victim_record r
       JOIN incident i ON i.place_id = r.place_id AND r.date_start BETWEEN i.date_start AND i.date_end
     )
     SELECT incident_id, array_agg(record_id::text ORDER BY created_at, record_id) AS record_ids
     FROM candidates WHERE incidents = 1
     GROUP BY incident_id ORDER BY incident_id`,
  );
}
