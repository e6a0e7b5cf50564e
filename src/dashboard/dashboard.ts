import { z } from 'zod';
import { grades, zGrade } from '../incidents/incident.ts';
import { zIsoDate, zOutcome, zVictimGroup } from '../intake/claim.ts';
import { zPlaceId } from '../places/place.ts';

/** What the dashboard map asks for: the dashboard's own filters, as they stand in its URL. */
export const zMapQuery = z
  .object({
    from: zIsoDate.optional().describe('First day (incidents starting on or after it)'),
    to: zIsoDate.optional().describe('Last day (incidents starting on or before it)'),
    admin1: zPlaceId.optional().describe('Only this province (admin1 place id)'),
    outcome: zOutcome.default('killed'),
    group: zVictimGroup.default('all').describe("Victim group; 'all' is everyone in the incident"),
    grades: z
      .preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(zGrade).min(1))
      .optional()
      .describe('Any of these grades, comma-separated (default every grade but discounted)'),
  })
  .strict();
export type MapQuery = z.infer<typeof zMapQuery>;

export const MAP_POINTS_MAX = 250_000;

/**
 * Incidents as map points, column by column so 100,000 of them stay a few megabytes of JSON:
 * point i is (lon[i], lat[i]) with best[i] people, grade grades[grade[i]], on day day[i]
 * (days since 1970-01-01), incident ids[i].
 */
export const zMapPoints = z.object({
  count: z.number(),
  truncated: z
    .boolean()
    .describe(`${MAP_POINTS_MAX} points or more matched; the first ${MAP_POINTS_MAX} came`),
  grades: z.array(z.string()),
  ids: z.array(z.string()),
  lon: z.array(z.number()),
  lat: z.array(z.number()),
  best: z.array(z.number()),
  grade: z.array(z.number()),
  day: z.array(z.number()),
});
export type MapPoints = z.infer<typeof zMapPoints>;

export const defaultMapGrades = grades.filter((g) => g !== 'discounted');
