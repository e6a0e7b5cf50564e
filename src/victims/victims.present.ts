import type { LinkReview, LinkRun, Membership, VictimRecord } from './victim.ts';
import type { MembershipRow, VictimRecordRow } from './victims.repo.ts';

/** What leaves the server about victims: fields listed here, and only these. */
export function presentRecord(row: VictimRecordRow): VictimRecord {
  return {
    id: row.id,
    list_id: row.list_id,
    list: row.list_name,
    list_row: row.list_row,
    name: row.name_text,
    name_ar: row.name_ar,
    name_latin: row.name_latin,
    given_name: row.given_name,
    father_name: row.father_name,
    grandfather_name: row.grandfather_name,
    family_name: row.family_name,
    sex: row.sex,
    age: { text: row.age_text, min: row.age_min, max: row.age_max, precision: row.age_precision },
    status: row.status,
    affiliation: row.affiliation,
    date_of_death: {
      text: row.date_text,
      start: row.date_start,
      end: row.date_end,
      precision: row.date_precision,
    },
    place: {
      text: row.place_text,
      governorate: row.governorate_text,
      id: row.place_id,
      precision: row.place_precision,
    },
    cause: row.cause_text,
    notes: row.notes,
    fully_identified: row.fully_identified,
    person_id: row.person_id,
    created_at: row.created_at.toISOString(),
  };
}

export function presentMembership(row: MembershipRow): Membership {
  return {
    victim_record_id: row.victim_record_id,
    person_id: row.person_id,
    valid_from: row.valid_from.toISOString(),
    valid_to: row.valid_to?.toISOString() ?? null,
    opened_by: row.opened_by,
    open_reason: row.open_reason,
    closed_by: row.closed_by,
    close_reason: row.close_reason,
    link_run_id: row.link_run_id,
  };
}

export interface LinkReviewRow {
  id: string;
  record_a: string;
  record_b: string;
  match_probability: number;
  status: 'pending' | 'accepted' | 'rejected';
  reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  link_run_id: string | null;
}

export function presentReview(row: LinkReviewRow): LinkReview {
  return { ...row, decided_at: row.decided_at?.toISOString() ?? null };
}

export interface LinkRunRow {
  id: string;
  status: LinkRun['status'];
  threshold: number;
  review_below: number;
  review_above: number;
  requested_by: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  stats: unknown;
  error: string | null;
}

export function presentRun(row: LinkRunRow): LinkRun {
  return {
    id: row.id,
    status: row.status,
    threshold: row.threshold,
    review_below: row.review_below,
    review_above: row.review_above,
    requested_by: row.requested_by,
    created_at: row.created_at.toISOString(),
    started_at: row.started_at?.toISOString() ?? null,
    finished_at: row.finished_at?.toISOString() ?? null,
    stats: row.stats ?? null,
    error: row.error,
  };
}
