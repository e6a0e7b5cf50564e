import { z } from 'zod';
import { zUuid } from '../core/ids.ts';
import { zPageQuery } from '../core/paging.ts';
import { zIsoDate } from '../intake/claim.ts';

/**
 * Victim records as lists give them. One row per victim per list; linkage groups records
 * into persons but never edits a record. Value lists mirror migrations/0009_victims.sql.
 */
export const victimSexes = ['male', 'female'] as const;
export const victimStatuses = ['civilian', 'combatant', 'unknown'] as const;
export const agePrecisions = ['exact', 'estimated', 'group'] as const;
export const datePrecisions = ['day', 'month', 'year'] as const;
export const placePrecisions = [
  'country',
  'admin1',
  'admin2',
  'admin3',
  'locality',
  'neighbourhood',
] as const;
export const reviewStatuses = ['pending', 'accepted', 'rejected'] as const;
export const linkRunStatuses = ['queued', 'running', 'done', 'failed'] as const;

const text = (max: number) => z.string().trim().max(max);

/** A victim record as submitted: what the list says, with the name split when the list splits it. */
export const zNewVictimRecord = z
  .object({
    id: zUuid.optional(),
    list: text(200).min(1).describe('Name of the list the record comes from'),
    list_row: text(200).optional().describe("The record's own id or row number in the list"),
    name: text(500).optional().describe('The name as written, in Arabic script or Latin'),
    given_name: text(200).optional(),
    father_name: text(200).optional(),
    grandfather_name: text(200).optional(),
    family_name: text(200).optional(),
    sex: z.enum(victimSexes).optional(),
    age: text(40).optional().describe('"34", "about 30", "20-25", "child"'),
    status: z.enum(victimStatuses).default('unknown'),
    affiliation: text(200).optional().describe('For combatants: the armed group'),
    date_of_death: text(40).optional().describe('YYYY-MM-DD, YYYY/MM/DD, DD-MM-YYYY; 0000-00-00 for unknown'),
    place: text(500).optional().describe('Place of death as written'),
    governorate: text(200).optional(),
    place_id: text(200).optional().describe('Gazetteer id, when known'),
    cause: text(500).optional(),
    notes: text(5000).optional(),
  })
  .strict();
export type NewVictimRecord = z.infer<typeof zNewVictimRecord>;

/** Paging through victim records, optionally one list's, a name or a span of dates of death. */
export const zVictimRecordQuery = zPageQuery.extend({
  list: z.string().max(200).optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Part of the name, in either script'),
  died_from: zIsoDate.optional().describe('Records whose date of death may fall on or after this day'),
  died_to: zIsoDate.optional().describe('...and on or before this one'),
});
export type VictimRecordQuery = Partial<z.infer<typeof zVictimRecordQuery>> & { limit: number };

export const zVictimRecord = z.object({
  id: zUuid,
  list_id: zUuid,
  list: z.string(),
  list_row: z.string().nullable(),
  name: z.string().nullable(),
  name_ar: z.string().nullable(),
  name_latin: z.string().nullable(),
  given_name: z.string().nullable(),
  father_name: z.string().nullable(),
  grandfather_name: z.string().nullable(),
  family_name: z.string().nullable(),
  sex: z.enum(victimSexes).nullable(),
  age: z.object({
    text: z.string().nullable(),
    min: z.number().int().nullable(),
    max: z.number().int().nullable(),
    precision: z.enum(agePrecisions).nullable(),
  }),
  status: z.enum(victimStatuses),
  affiliation: z.string().nullable(),
  date_of_death: z.object({
    text: z.string().nullable(),
    start: z.string().nullable(),
    end: z.string().nullable(),
    precision: z.enum(datePrecisions).nullable(),
  }),
  place: z.object({
    text: z.string().nullable(),
    governorate: z.string().nullable(),
    id: z.string().nullable(),
    precision: z.enum(placePrecisions).nullable(),
  }),
  cause: z.string().nullable(),
  notes: z.string().nullable(),
  fully_identified: z.boolean().describe('Name, date of death and place of death are all known'),
  person_id: zUuid.nullable(),
  created_at: z.string(),
});
export type VictimRecord = z.infer<typeof zVictimRecord>;

export const zMembership = z.object({
  victim_record_id: zUuid,
  person_id: zUuid,
  valid_from: z.string(),
  valid_to: z.string().nullable(),
  opened_by: z.string(),
  open_reason: z.string(),
  closed_by: z.string().nullable(),
  close_reason: z.string().nullable(),
  link_run_id: zUuid.nullable(),
});
export type Membership = z.infer<typeof zMembership>;

export const zPerson = z.object({
  id: zUuid,
  created_at: z.string(),
  records: z.array(zVictimRecord),
  /** Every membership the person has had, current and closed, oldest first. */
  history: z.array(zMembership),
  lists: z.array(z.string()).describe('Lists that name this person (for multiple systems estimation)'),
  fully_identified: z.boolean().describe('At least one record gives name, date and place of death'),
});
export type Person = z.infer<typeof zPerson>;

export const zMergePersons = z.object({
  into: zUuid.describe('The person that remains'),
  from: z.array(zUuid).min(1).max(100).describe('Persons whose records move into `into`'),
  reason: text(2000).min(1),
});

export const zSplitRecords = z.object({
  records: z.array(zUuid).min(1).max(1000).describe('Records that leave their person for a new one'),
  reason: text(2000).min(1),
});

export const zReviewDecision = z.object({
  decision: z.enum(['accept', 'reject']),
  reason: text(2000).min(1).describe('Why: kept with the decision and reused by later runs'),
});

export const zLinkReview = z.object({
  id: zUuid,
  record_a: zUuid,
  record_b: zUuid,
  match_probability: z.number(),
  status: z.enum(reviewStatuses),
  reason: z.string().nullable(),
  decided_by: z.string().nullable(),
  decided_at: z.string().nullable(),
  link_run_id: zUuid.nullable(),
});
export type LinkReview = z.infer<typeof zLinkReview>;

export const zLinkRun = z.object({
  id: zUuid,
  status: z.enum(linkRunStatuses),
  threshold: z.number(),
  review_below: z.number(),
  review_above: z.number(),
  requested_by: z.string(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  stats: z.unknown().nullable(),
  error: z.string().nullable(),
});
export type LinkRun = z.infer<typeof zLinkRun>;

export const zNewLinkRun = z.object({
  threshold: z.number().min(0).max(1).default(0.5),
  review_below: z.number().min(0).max(1).default(0.05).describe('Pairs scored from here...'),
  review_above: z.number().min(0).max(1).default(0.95).describe('...up to here go to the review queue'),
});
