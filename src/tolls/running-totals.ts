import { z } from 'zod';
import { CHOICE_LIST_MAX } from '../core/json-limits.ts';
import type { Queryable } from '../db/client.ts';
import { zGrade } from '../incidents/incident.ts';
import { zIsoDate, zOutcome } from '../intake/claim.ts';
import { zPlaceId } from '../places/place.ts';
import { zTollFigure } from './toll.ts';
import { loadTollSettings } from './toll-settings.ts';
import { computeTolls, type TollOptions } from './tolls.service.ts';

export const zRunningTotalsQuery = z
  .object({
    to: zIsoDate.describe('Totals up to and including this day'),
    outcome: zOutcome.default('killed'),
    country: zPlaceId.default('sy'),
    grades: z
      .preprocess((v) => (typeof v === 'string' ? v.split(',') : v), z.array(zGrade).max(CHOICE_LIST_MAX))
      .optional(),
  })
  .strict();
export type RunningTotalsQuery = z.infer<typeof zRunningTotalsQuery>;

const zClaimedTotal = z.object({
  claim_id: z.string(),
  report_id: z.string(),
  said_by: z.string().describe('Who the figure is attributed to ("the Observatory"), or the source'),
  attributed_to_text: z.string().nullable(),
  count_text: z.string().nullable(),
  qualifier: z.string(),
  min: z.number().nullable(),
  best: z.number().nullable(),
  max: z.number().nullable(),
  victim_group: z.string(),
  place_id: z.string().nullable(),
  since: z.string().nullable(),
  as_of: z.string().nullable(),
});

export const zRunningTotals = z.object({
  to: z.string(),
  outcome: z.string(),
  documented: z
    .object({
      total: zTollFigure.nullable(),
      by_group: z.array(zTollFigure),
      by_admin1: z.array(zTollFigure),
    })
    .describe('Deaths documented incident by incident in Tally, to date'),
  claimed_by_sources: z
    .array(zClaimedTotal)
    .describe(
      "Outside sources' latest cumulative figures, as they stated them: never added to the documented toll",
    ),
});
export type RunningTotals = z.infer<typeof zRunningTotals>;

/**
 * Documented deaths to date next to the running totals others publish. The two are kept apart
 * on purpose: a monitor's "at least 45,000" is a claim about the whole war, not an incident, and
 * adding it to documented incidents would count the same deaths twice.
 */
export async function runningTotals(
  db: Queryable,
  query: RunningTotalsQuery,
  options: TollOptions = {},
): Promise<RunningTotals> {
  const settings = options.settings ?? loadTollSettings();
  const first = (
    await db.query<{ day: string | null }>('SELECT min(day) AS day FROM toll_fact WHERE country_id = $1', [
      query.country,
    ])
  )[0]?.day;
  const from = first && first <= query.to ? first : query.to;
  const base = { from, to: query.to, outcome: query.outcome, country: query.country, grades: query.grades };
  const [total, byGroup, byAdmin1] = await Promise.all([
    computeTolls(db, { ...base, by: [] }, options),
    computeTolls(db, { ...base, by: ['group'] }, options),
    computeTolls(db, { ...base, by: ['admin1'] }, options),
  ]);
  const claimed = await db.query<z.infer<typeof zClaimedTotal>>(
    `SELECT DISTINCT ON (COALESCE(c.attributed_to_name, s.independence_group), c.victim_group, c.place_id)
            c.id AS claim_id, c.report_id, COALESCE(c.attributed_to_name, s.pseudonym) AS said_by, c.attributed_to_text,
            c.count_text, c.count_qualifier AS qualifier, c.count_min AS min, c.count_best AS best, c.count_max AS max,
            c.victim_group, c.place_id, c.date_start AS since, COALESCE(c.date_end, r.reported_at::date) AS as_of
     FROM claim c JOIN report r ON r.id = c.report_id JOIN source s ON s.id = r.source_id
     WHERE c.cumulative AND c.outcome = $1 AND c.status = ANY($2::text[])
       AND COALESCE(c.date_end, r.reported_at::date, r.received_at::date) <= $3::date
       AND NOT EXISTS (SELECT 1 FROM claim n WHERE n.supersedes_id = c.id AND n.status = ANY($2::text[]))
     ORDER BY COALESCE(c.attributed_to_name, s.independence_group), c.victim_group, c.place_id,
              COALESCE(c.date_end, r.reported_at::date) DESC, r.received_at DESC, c.seq DESC`,
    [query.outcome, settings.claimStatuses, query.to],
  );
  return {
    to: query.to,
    outcome: query.outcome,
    documented: { total: total.figures[0] ?? null, by_group: byGroup.figures, by_admin1: byAdmin1.figures },
    claimed_by_sources: claimed,
  };
}
