import { z } from 'zod';
import { zUuid } from '../core/ids.ts';
import { zPlaceId, zPlaceLevel } from '../places/place.ts';

/** The taxonomy every claim, incident and toll uses. The codebook is generated from these lists. */
export const outcomes = ['killed', 'injured', 'missing', 'detained', 'displaced'] as const;
export const zOutcome = z.enum(outcomes);
export type Outcome = z.infer<typeof zOutcome>;

/** How the source worded the number: "13" exact, "at least 13", "up to 13", "some 13", "10 to 15", "dozens". */
export const countQualifiers = [
  'exact',
  'at_least',
  'at_most',
  'approx',
  'range',
  'vague',
  'unknown',
] as const;
export const zCountQualifier = z.enum(countQualifiers);

/** Known victim groups. Monitors add their own (e.g. `foreign_fighters`), so any lower-case slug is accepted. */
export const knownVictimGroups = [
  'people',
  'civilians',
  'children',
  'women',
  'men',
  'combatants',
  'security_forces',
  'protesters',
  'unknown',
] as const;
export const zVictimGroup = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]{0,39}$/,
    'must be a lower-case slug such as civilians, children or foreign_fighters',
  );

export const datePrecisions = ['day', 'week', 'month', 'year'] as const;
export const zDatePrecision = z.enum(datePrecisions);

/** Cause or weapon, after ACLED's sub-event types. */
export const causes = [
  'air_drone_strike',
  'shelling_artillery_missile',
  'armed_clash',
  'sniper',
  'gunfire',
  'execution',
  'ied_car_bomb',
  'suicide_bomb',
  'landmine',
  'chemical',
  'death_in_detention',
  'torture',
  'other',
  'unknown',
] as const;
export const zCause = z.enum(causes);

export const claimStatuses = ['proposed', 'accepted', 'rejected'] as const;
export const zClaimStatus = z.enum(claimStatuses);
export type ClaimStatus = z.infer<typeof zClaimStatus>;

export const COUNT_MAX = 10_000_000;
const zCountValue = z.int().min(0).max(COUNT_MAX).nullable().optional();
const zText = (max: number) => z.string().max(max).nullable().optional();
export const zIsoDate = z.iso.date({ message: 'must be a date as YYYY-MM-DD' });

const zCount = z
  .object({
    text: zText(200).describe('The words as written: "at least 13", "dozens"'),
    qualifier: zCountQualifier.default('exact'),
    min: zCountValue,
    best: zCountValue,
    max: zCountValue,
  })
  .strict()
  .refine((c) => c.min == null || c.max == null || c.min <= c.max, {
    message: 'min must not exceed max',
    path: ['min'],
  })
  .refine(
    (c) => c.best == null || ((c.min == null || c.min <= c.best) && (c.max == null || c.best <= c.max)),
    {
      message: 'best must lie between min and max',
      path: ['best'],
    },
  );

/**
 * A reference to another claim: its position in the same batch (a number), or
 * the id of a claim already stored (a UUID).
 */
const zClaimRef = z
  .union([z.int().min(0), zUuid])
  .nullable()
  .optional();

/** One atomic statement inside a report, as an analyst or the extractor proposes it. */
export const zNewClaim = z
  .object({
    outcome: zOutcome,
    count: zCount,
    victims: z
      .object({ text: zText(200), group: zVictimGroup.default('people'), affiliation: zText(200) })
      .strict()
      .default({ group: 'people' }),
    place: z
      .object({
        text: zText(500),
        id: zPlaceId.nullable().optional(),
        precision: zPlaceLevel.nullable().optional(),
      })
      .strict()
      .nullable()
      .optional(),
    date: z
      .object({
        text: zText(200),
        start: zIsoDate.nullable().optional(),
        end: zIsoDate.nullable().optional(),
        precision: zDatePrecision.nullable().optional(),
      })
      .strict()
      .refine((d) => d.start == null || d.end == null || d.start <= d.end, {
        message: 'start must not be after end',
        path: ['start'],
      })
      .nullable()
      .optional(),
    cause: z
      .object({ text: zText(200), type: zCause.nullable().optional() })
      .strict()
      .nullable()
      .optional(),
    perpetrator: zText(200),
    source: z
      .object({ text: zText(500), name: zText(200) })
      .strict()
      .nullable()
      .optional()
      .describe('Who the report says the figure came from: "the Observatory said"'),
    cumulative: z.boolean().default(false).describe('A running total such as "has killed at least 45,000"'),
    part_of: zClaimRef.describe('This claim is a breakdown of that one ("including 6 children")'),
    supersedes: zClaimRef.describe('This claim revises that figure ("raising the toll to 13")'),
    span: z
      .tuple([z.int().min(0), z.int().min(0)])
      .refine(([start, end]) => start <= end, { message: 'span start must not exceed its end' })
      .nullable()
      .optional()
      .describe('[start, end) character offsets in the report text'),
    status: zClaimStatus.default('proposed'),
  })
  .strict();
export type NewClaim = z.infer<typeof zNewClaim>;

export const zClaim = z.object({
  id: zUuid,
  report_id: zUuid,
  outcome: zOutcome,
  count: z.object({
    text: z.string().nullable(),
    qualifier: zCountQualifier,
    min: z.number().nullable(),
    best: z.number().nullable(),
    max: z.number().nullable(),
  }),
  victims: z.object({ text: z.string().nullable(), group: z.string(), affiliation: z.string().nullable() }),
  place: z
    .object({ text: z.string().nullable(), id: z.string().nullable(), precision: zPlaceLevel.nullable() })
    .nullable(),
  date: z
    .object({
      text: z.string().nullable(),
      start: z.string().nullable(),
      end: z.string().nullable(),
      precision: zDatePrecision.nullable(),
    })
    .nullable(),
  cause: z.object({ text: z.string().nullable(), type: zCause.nullable() }).nullable(),
  perpetrator: z.string().nullable(),
  source: z.object({ text: z.string().nullable(), name: z.string().nullable() }).nullable(),
  cumulative: z.boolean(),
  part_of: zUuid.nullable(),
  supersedes: zUuid.nullable(),
  span: z.tuple([z.number(), z.number()]).nullable(),
  status: zClaimStatus,
  created_at: z.string(),
});
export type Claim = z.infer<typeof zClaim>;

/** An analyst's correction: any claim field, each replacing the stored one whole, and why. */
const patchShape = Object.fromEntries(
  Object.entries(zNewClaim.shape).map(([key, field]) => [
    key,
    // A correction must not reset what it does not mention, so no field takes its default here.
    (field instanceof z.ZodDefault ? field.unwrap() : field).optional(),
  ]),
);
export const zClaimPatch = z
  .object(patchShape)
  .extend({ reason: z.string().trim().min(1).max(2000).describe('Why; kept in the audit log') })
  .strict() as unknown as z.ZodType<Partial<NewClaim> & { reason: string }>;
export type ClaimPatch = Partial<NewClaim> & { reason: string };

export const zClaimReview = z
  .object({ reason: z.string().trim().min(1).max(2000).optional() })
  .strict()
  .describe('Accepting may give a reason; rejecting must');

export const zClaimListQuery = z.object({
  status: zClaimStatus.optional().describe('proposed for the review queue'),
  report: zUuid.optional(),
});
