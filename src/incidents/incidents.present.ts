import type { Incident } from './incident.ts';
import type { IncidentCountRow, IncidentRow } from './incidents.repo.ts';

export function presentIncident(row: IncidentRow, counts: IncidentCountRow[], claimIds: string[]): Incident {
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
    claim_ids: claimIds,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
