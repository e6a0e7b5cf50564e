import type { PlaceLevel } from '../places/place.ts';
import type { Claim, NewClaim } from './claim.ts';
import type { ClaimInsert, ClaimRow } from './claims.repo.ts';

/** A stored claim in the nested shape the API, the CLI and the extractor share. */
export function presentClaim(row: ClaimRow): Claim {
  return {
    id: row.id,
    report_id: row.report_id,
    outcome: row.outcome,
    count: {
      text: row.count_text,
      qualifier: row.count_qualifier as Claim['count']['qualifier'],
      min: row.count_min,
      best: row.count_best,
      max: row.count_max,
    },
    victims: { text: row.victim_text, group: row.victim_group, affiliation: row.victim_affiliation },
    place:
      row.place_text == null && row.place_id == null
        ? null
        : { text: row.place_text, id: row.place_id, precision: row.place_precision as PlaceLevel | null },
    date:
      row.date_text == null && row.date_start == null
        ? null
        : {
            text: row.date_text,
            start: row.date_start,
            end: row.date_end,
            precision: row.date_precision as NonNullable<Claim['date']>['precision'],
          },
    cause:
      row.cause_text == null && row.cause == null
        ? null
        : { text: row.cause_text, type: row.cause as NonNullable<Claim['cause']>['type'] },
    perpetrator: row.perpetrator,
    source:
      row.attributed_to_text == null && row.attributed_to_name == null
        ? null
        : { text: row.attributed_to_text, name: row.attributed_to_name },
    cumulative: row.cumulative,
    part_of: row.part_of_id,
    supersedes: row.supersedes_id,
    span: row.span_start == null || row.span_end == null ? null : [row.span_start, row.span_end],
    status: row.status,
    created_at: row.created_at.toISOString(),
  };
}

/** Flattens a validated claim into its row; references are resolved by the caller. */
export function claimToRow(
  claim: NewClaim,
  ids: { id: string; reportId: string; partOfId: string | null; supersedesId: string | null },
): ClaimInsert {
  return {
    id: ids.id,
    report_id: ids.reportId,
    outcome: claim.outcome,
    count_text: claim.count.text ?? null,
    count_qualifier: claim.count.qualifier,
    count_min: claim.count.min ?? null,
    count_best: claim.count.best ?? null,
    count_max: claim.count.max ?? null,
    victim_text: claim.victims.text ?? null,
    victim_group: claim.victims.group,
    victim_affiliation: claim.victims.affiliation ?? null,
    place_text: claim.place?.text ?? null,
    place_id: claim.place?.id ?? null,
    place_precision: claim.place?.precision ?? null,
    date_text: claim.date?.text ?? null,
    date_start: claim.date?.start ?? null,
    date_end: claim.date?.end ?? claim.date?.start ?? null,
    date_precision: claim.date?.precision ?? null,
    cause_text: claim.cause?.text ?? null,
    cause: claim.cause?.type ?? null,
    perpetrator: claim.perpetrator ?? null,
    attributed_to_text: claim.source?.text ?? null,
    attributed_to_name: claim.source?.name ?? null,
    cumulative: claim.cumulative,
    part_of_id: ids.partOfId,
    supersedes_id: ids.supersedesId,
    span_start: claim.span?.[0] ?? null,
    span_end: claim.span?.[1] ?? null,
    status: claim.status,
  };
}
