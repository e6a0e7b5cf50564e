import type { Incident } from './incident.ts';
import type { IncidentCountRow, IncidentRow } from './incidents.repo.ts';

export function presentIncident(
  row: IncidentRow,
  counts: IncidentCountRow[],
  links: Array<{ claim_id: string; role: string }>,
): Incident {
  return {
    id: row.id,
    date_start: row.date_start,
    date_end: row.date_end,
    date_precision: row.date_precision as Incident['date_precision'],
    place_id: row.place_id,
    place_text: row.place_text,
    place_precision: row.place_precision as Incident['place_precision'],
    event_type: row.event_type as Incident['event_type'],
    sub_event_type: row.sub_event_type,
    cause: row.cause as Incident['cause'],
    actors: row.actors as Incident['actors'],
    grade: row.grade as Incident['grade'],
    notes: row.notes,
    counts: counts.map((c) => ({
      outcome: c.outcome as Incident['counts'][number]['outcome'],
      victim_group: c.victim_group,
      low: c.low,
      best: c.best,
      high: c.high,
      rule: c.rule,
    })),
    claim_ids: links.map((l) => l.claim_id),
    claim_links: links.map((l) => ({
      claim_id: l.claim_id,
      role: l.role as Incident['claim_links'][number]['role'],
    })),
    country_id: row.country_id ?? null,
    admin1_id: row.admin1_id ?? null,
    admin2_id: row.admin2_id ?? null,
    origin: (row.origin ?? 'analyst') as Incident['origin'],
    grade_reason: row.grade_reason ?? null,
    source_count: row.source_count ?? 0,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
