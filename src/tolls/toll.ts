import { z } from 'zod';
import { zUuid } from '../core/ids.ts';
import { CHOICE_LIST_MAX } from '../core/json-limits.ts';
import { grades, zGrade } from '../incidents/incident.ts';
import { outcomes, zIsoDate, zOutcome, zVictimGroup } from '../intake/claim.ts';
import { zPlaceId } from '../places/place.ts';

/** What a toll can be broken down by: one period, one area level, and any of group, outcome, cause. */
export const tollDimensions = [
  'day',
  'week',
  'month',
  'country',
  'admin1',
  'admin2',
  'group',
  'outcome',
  'cause',
] as const;
export type TollDimension = (typeof tollDimensions)[number];
export const periodDimensions = ['day', 'week', 'month'] as const;
export const areaDimensions = ['country', 'admin1', 'admin2'] as const;

const commaList = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(item).max(CHOICE_LIST_MAX),
  );

export const zTollQuery = z
  .object({
    from: zIsoDate.describe('First day (incidents starting on or after it)'),
    to: zIsoDate.describe('Last day (incidents starting on or before it)'),
    by: commaList(z.enum(tollDimensions))
      .default(['day', 'admin1', 'group'])
      .describe('Breakdown, e.g. day,admin1,group,outcome (one period and one area level at most)'),
    grades: commaList(zGrade)
      .optional()
      .describe(`Grades counted; default the configured headline grades. One of ${grades.join(', ')}`),
    outcome: zOutcome
      .optional()
      .describe(`When outcome is not in "by": which one (default killed). One of ${outcomes.join(', ')}`),
    group: zVictimGroup
      .optional()
      .describe('Only this victim group; without "group" in "by", default all (everyone, rolled up)'),
    country: zPlaceId.optional(),
    admin1: zPlaceId.optional(),
    admin2: zPlaceId.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    const count = (dims: readonly string[]) => q.by.filter((d) => dims.includes(d)).length;
    if (count(periodDimensions) > 1)
      ctx.addIssue({ code: 'custom', path: ['by'], message: 'at most one of day, week, month' });
    if (count(areaDimensions) > 1)
      ctx.addIssue({ code: 'custom', path: ['by'], message: 'at most one of country, admin1, admin2' });
    if (Date.parse(q.to) - Date.parse(q.from) > 20 * 366 * 86_400_000)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'a toll covers at most 20 years' });
  });
export type TollQuery = z.infer<typeof zTollQuery>;

export const zArea = z.object({
  id: z.string(),
  level: z.string(),
  name_en: z.string(),
  name_ar: z.string().nullable(),
});

export const zProvisionalCause = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('delay'),
    openDays: z.array(z.string()),
    settledOn: z.string(),
    delayDays: z.number(),
  }),
  z.object({
    kind: z.literal('disrupted'),
    placeId: z.string(),
    placeName: z.string(),
    placeNameAr: z.string(),
    since: z.string(),
    until: z.string().nullable(),
    reason: z.string(),
  }),
]);

export const zTollFigure = z.object({
  period_start: z.string().nullable().describe('First day of the period (null: the whole range)'),
  period_end: z.string().nullable(),
  area: zArea.nullable().describe('null: every area, or incidents with no known place at that level'),
  outcome: z.string(),
  victim_group: z.string().describe("'all' is everyone, rolled up without adding a breakdown to its total"),
  cause: z.string().nullable(),
  low: z.number().describe("Sum of incidents' conservative figures (ACLED-like)"),
  best: z.number().describe("Sum of incidents' best estimates (UCDP-like)"),
  high: z.number().describe("Sum of incidents' highest credible figures (IBC-like)"),
  incidents: z.number(),
  sources: z.number().describe('Distinct independence groups behind the incidents'),
  provisional: z.boolean(),
  provisional_reasons: z.array(z.string()),
  provisional_causes: z.array(zProvisionalCause),
  incidents_href: z.string().describe('The incidents behind the figure (GET, analyst access)'),
});
export type TollFigure = z.infer<typeof zTollFigure>;

export const zTolls = z.object({
  query: z.object({
    from: z.string(),
    to: z.string(),
    by: z.array(z.string()),
    grades: z.array(z.string()),
    outcome: z.string().nullable(),
    group: z.string().nullable(),
    country: z.string().nullable(),
    admin1: z.string().nullable(),
    admin2: z.string().nullable(),
  }),
  as_of: z.string(),
  figures: z.array(zTollFigure),
});
export type Tolls = z.infer<typeof zTolls>;

export const zNewClosure = z
  .object({
    place_id: zPlaceId.describe('The area whose days are final (a country, admin1 or admin2)'),
    from: zIsoDate,
    to: zIsoDate.optional().describe('Defaults to from'),
    reason: z.string().trim().max(2000).optional(),
  })
  .strict();

export const zNewDisruption = z
  .object({
    place_id: zPlaceId,
    since: zIsoDate,
    until: zIsoDate.nullable().optional().describe('Open-ended until someone ends it'),
    reason: z.string().trim().min(1).max(2000).describe('Said in the bulletin: "communications are down"'),
  })
  .strict();

export const zDisruption = z.object({
  id: zUuid,
  place_id: z.string(),
  since: z.string(),
  until: z.string().nullable(),
  reason: z.string(),
  actor: z.string(),
  created_at: z.string(),
});
export type Disruption = z.infer<typeof zDisruption>;

export const zPublishTolls = z
  .object({
    query: zTollQuery,
    reason: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .optional()
      .describe('Required when this revises an earlier publication'),
  })
  .strict();

export const zTollChange = z.object({
  key: z.string(),
  before: z.object({ low: z.number(), best: z.number(), high: z.number() }).nullable(),
  after: z.object({ low: z.number(), best: z.number(), high: z.number() }).nullable(),
});

/** The audit chain's head when a snapshot was published: an anchor kept outside the database. */
export const zAuditHead = z
  .object({ chain_seq: z.int(), hash: z.string() })
  .nullable()
  .describe(
    "The audit chain's newest entry when this was published: keep it, and `tally audit verify` shows the chain still holds it (null before Tally recorded it)",
  );

export const zPublication = z.object({
  id: zUuid,
  kind: z.enum(['tolls', 'bulletin']),
  query: z.unknown(),
  body: z.unknown(),
  changes: z.array(zTollChange),
  revises_id: zUuid.nullable(),
  reason: z.string().nullable(),
  actor: z.string(),
  published_at: z.string(),
  audit_head: zAuditHead,
});
export type Publication = z.infer<typeof zPublication>;

// ---- Public read API: published data only, without login (src/tolls/public.routes.ts). ----

/** An incident behind a published figure, as it stood when published: no claims, sources or notes. */
export const zPublicIncident = z.object({
  id: zUuid,
  date_start: z.string(),
  date_end: z.string(),
  date_precision: z.string(),
  place: zArea.nullable().describe('The most precise gazetteer place the incident is known at'),
  country_id: z.string().nullable(),
  admin1_id: z.string().nullable(),
  admin2_id: z.string().nullable(),
  event_type: z.string().nullable(),
  cause: z.string().nullable(),
  grade: zGrade,
  source_count: z.number().describe('Independent sources (independence groups) behind the counts'),
  counts: z.array(
    z.object({
      outcome: z.string(),
      victim_group: z.string(),
      low: z.number(),
      best: z.number(),
      high: z.number(),
      low_rule: z.string(),
      best_rule: z.string(),
      high_rule: z.string(),
      sources: z.number(),
    }),
  ),
  updated_at: z.string(),
});
export type PublicIncident = z.infer<typeof zPublicIncident>;

export const zPublicIncidentQuery = z
  .object({
    from: zIsoDate.optional().describe('Incidents starting on or after this day'),
    to: zIsoDate.optional().describe('Incidents starting on or before this day'),
    country: zPlaceId.optional(),
    admin1: zPlaceId.optional(),
    admin2: zPlaceId.optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type PublicIncidentQuery = z.infer<typeof zPublicIncidentQuery>;

/** A publication as the public sees it: who published it is left out; figure links point at public routes. */
export const zPublicPublication = z.object({
  id: zUuid,
  kind: z.enum(['tolls', 'bulletin']),
  query: z.unknown(),
  body: z.unknown().describe('The tolls (figures) or the bulletin (sentences and figures) as published'),
  changes: z.array(zTollChange),
  revises_id: zUuid.nullable(),
  reason: z.string().nullable().describe('Why this revises the earlier publication'),
  published_at: z.string(),
  audit_head: zAuditHead,
  incidents_href: z.string().describe('The incidents behind the figures, as they stood when published'),
});
export type PublicPublication = z.infer<typeof zPublicPublication>;
