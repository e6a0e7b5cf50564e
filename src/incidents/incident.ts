import { z } from 'zod';
import { zUuid } from '../core/ids.ts';
import { CHOICE_LIST_MAX } from '../core/json-limits.ts';
import { COUNT_MAX, zCause, zDatePrecision, zIsoDate, zOutcome, zVictimGroup } from '../intake/claim.ts';
import { zPlaceId, zPlaceLevel } from '../places/place.ts';

/** ACLED's event types and the sub-event types under each (methodology brief §2). */
export const eventTaxonomy = {
  battles: ['armed_clash', 'government_regains_territory', 'non_state_actor_overtakes_territory'],
  explosions_remote_violence: [
    'chemical_weapon',
    'air_drone_strike',
    'suicide_bomb',
    'shelling_artillery_missile_attack',
    'remote_explosive_landmine_ied',
    'grenade',
  ],
  violence_against_civilians: ['sexual_violence', 'attack', 'abduction_forced_disappearance'],
  protests: ['peaceful_protest', 'protest_with_intervention', 'excessive_force_against_protesters'],
  riots: ['violent_demonstration', 'mob_violence'],
  strategic_developments: [
    'agreement',
    'arrests',
    'change_to_group_activity',
    'disrupted_weapons_use',
    'headquarters_or_base_established',
    'looting_property_destruction',
    'non_violent_transfer_of_territory',
    'other',
  ],
} as const;
export const eventTypes = Object.keys(eventTaxonomy) as Array<keyof typeof eventTaxonomy>;
export const zEventType = z.enum(
  eventTypes as [keyof typeof eventTaxonomy, ...Array<keyof typeof eventTaxonomy>],
);
export const subEventTypes = [...new Set(Object.values(eventTaxonomy).flat())];
export const zSubEventType = z.enum(subEventTypes as [string, ...string[]]);

/** Airwars-style grading; which grades count in headline tolls is configuration. */
export const grades = ['unverified', 'weak', 'fair', 'confirmed', 'contested', 'discounted'] as const;
export const zGrade = z.enum(grades);
export type Grade = z.infer<typeof zGrade>;

export const actorRoles = [
  'perpetrator_alleged',
  'perpetrator_claimed',
  'perpetrator_confirmed',
  'target',
  'side_a',
  'side_b',
  'associated',
] as const;
export const zActorRole = z.enum(actorRoles);

export const zIncidentActor = z
  .object({ name: z.string().trim().min(1).max(200), role: zActorRole })
  .strict();

/** Low, best and high for one outcome and victim group, and the rule that produced them. */
export const zIncidentCount = z
  .object({
    outcome: zOutcome,
    victim_group: zVictimGroup,
    low: z.int().min(0).max(COUNT_MAX),
    best: z.int().min(0).max(COUNT_MAX),
    high: z.int().min(0).max(COUNT_MAX),
    rule: z.string().trim().min(1).max(100).default('analyst'),
  })
  .strict()
  .refine((c) => c.low <= c.best && c.best <= c.high, {
    message: 'counts must satisfy low <= best <= high',
    path: ['best'],
  });

// Without defaults: a patch must not reset what it does not mention.
const incidentFields = {
  date_start: zIsoDate,
  date_end: zIsoDate.describe('Defaults to date_start'),
  date_precision: zDatePrecision,
  place_id: zPlaceId.nullable().optional(),
  place_text: z.string().max(500).nullable().optional(),
  place_precision: zPlaceLevel.nullable().optional(),
  event_type: zEventType.nullable().optional(),
  sub_event_type: zSubEventType.nullable().optional(),
  cause: zCause.nullable().optional(),
  actors: z.array(zIncidentActor).max(50),
  grade: zGrade,
  notes: z.string().max(20_000).nullable().optional(),
  counts: z.array(zIncidentCount).max(100),
};

type IncidentShape = {
  date_start?: string;
  date_end?: string | undefined;
  event_type?: string | null | undefined;
  sub_event_type?: string | null | undefined;
  counts?: Array<{ outcome: string; victim_group: string }>;
};

/** Rules that span fields, shared by create and patch. */
function checkIncident(incident: IncidentShape, ctx: z.RefinementCtx) {
  if (incident.date_start && incident.date_end && incident.date_end < incident.date_start)
    ctx.addIssue({ code: 'custom', path: ['date_end'], message: 'date_end must not be before date_start' });
  if (incident.sub_event_type && incident.event_type) {
    const allowed: readonly string[] = eventTaxonomy[incident.event_type as keyof typeof eventTaxonomy] ?? [];
    if (!allowed.includes(incident.sub_event_type))
      ctx.addIssue({
        code: 'custom',
        path: ['sub_event_type'],
        message: `${incident.sub_event_type} is not a sub-event type of ${incident.event_type}`,
      });
  }
  const seen = new Set<string>();
  for (const [index, count] of (incident.counts ?? []).entries()) {
    const key = `${count.outcome}/${count.victim_group}`;
    if (seen.has(key))
      ctx.addIssue({ code: 'custom', path: ['counts', index], message: `${key} appears twice` });
    seen.add(key);
  }
}

export const zNewIncident = z
  .object({
    ...incidentFields,
    date_end: incidentFields.date_end.optional(),
    date_precision: incidentFields.date_precision.default('day'),
    actors: incidentFields.actors.default([]),
    grade: incidentFields.grade.default('unverified'),
    counts: incidentFields.counts.default([]),
    claim_ids: z.array(zUuid).max(1000).default([]).describe('Claims to link at creation'),
  })
  .strict()
  .superRefine(checkIncident);
export type NewIncident = z.infer<typeof zNewIncident>;

export const zIncidentPatch = z
  .object(incidentFields)
  .partial()
  .extend({
    reason: z.string().trim().min(1).max(2000).describe('Why the change was made; kept in the audit log'),
  })
  .strict()
  .superRefine(checkIncident);
export type IncidentPatch = z.infer<typeof zIncidentPatch>;

export const zIncident = z.object({
  id: zUuid,
  date_start: z.string(),
  date_end: z.string(),
  date_precision: zDatePrecision,
  place_id: z.string().nullable(),
  place_text: z.string().nullable(),
  place_precision: zPlaceLevel.nullable(),
  event_type: zEventType.nullable(),
  sub_event_type: z.string().nullable(),
  cause: zCause.nullable(),
  actors: z.array(zIncidentActor),
  grade: zGrade,
  notes: z.string().nullable(),
  counts: z.array(
    z.object({
      outcome: zOutcome,
      victim_group: z.string(),
      low: z.number(),
      best: z.number(),
      high: z.number(),
      rule: z.string(),
    }),
  ),
  claim_ids: z.array(zUuid),
  claim_links: z
    .array(
      z.object({ claim_id: zUuid, role: z.enum(['counted', 'superseded', 'breakdown_total', 'uncounted']) }),
    )
    .describe(
      'Why each claim is linked: counted, superseded (kept, not counted), or a total counted through its breakdowns',
    ),
  country_id: z.string().nullable(),
  admin1_id: z.string().nullable(),
  admin2_id: z.string().nullable(),
  origin: z.enum(['analyst', 'consolidated']),
  grade_reason: z.string().nullable(),
  source_count: z.number().describe('Independence groups behind the counted claims'),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Incident = z.infer<typeof zIncident>;

export const zIncidentListQuery = z.object({
  from: zIsoDate.optional().describe('Incidents ending on or after this date'),
  to: zIsoDate.optional().describe('Incidents starting on or before this date'),
  place_id: zPlaceId.optional(),
  country: zPlaceId.optional().describe('Incidents in this country (country place id)'),
  admin1: zPlaceId.optional().describe('Incidents in this province (admin1 place id)'),
  admin2: zPlaceId.optional().describe('Incidents in this district (admin2 place id)'),
  grade: zGrade.optional(),
  grades: z
    .preprocess(
      (v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v),
      z.array(zGrade).max(CHOICE_LIST_MAX),
    )
    .optional()
    .describe('Any of these grades, comma-separated (as toll figures link to their incidents)'),
  origin: z.enum(['analyst', 'consolidated']).optional(),
});

export const zReason = z.object({ reason: z.string().trim().min(1).max(2000).optional() }).strict();
