import { z } from 'zod';
import { CHOICE_LIST_MAX } from '../core/json-limits.ts';
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
      .preprocess(
        (v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v),
        z.array(zGrade).min(1).max(CHOICE_LIST_MAX),
      )
      .optional()
      .describe('Any of these grades, comma-separated (default every grade but discounted)'),
  })
  .strict();
export type MapQuery = z.infer<typeof zMapQuery>;

export const MAP_SPOTS_MAX = 50_000;

/**
 * Incidents as map spots, column by column: the incidents of one grade at one gazetteer point are
 * one spot, drawn at one place either way, so 100,000 incidents are a few thousand spots and a
 * small document. Spot i is (lon[i], lat[i]), where n[i] incidents of grade grades[grade[i]]
 * counted best[i] people; ids[i] is the most recent of them (a click opens it).
 */
export const zMapPoints = z.object({
  count: z.number().describe('Incidents on the map (the sum of n)'),
  truncated: z
    .boolean()
    .describe(`${MAP_SPOTS_MAX} spots or more matched; the busiest ${MAP_SPOTS_MAX} came`),
  grades: z.array(z.string()),
  ids: z.array(z.string()),
  lon: z.array(z.number()),
  lat: z.array(z.number()),
  n: z.array(z.number()),
  best: z.array(z.number()),
  grade: z.array(z.number()),
});
export type MapPoints = z.infer<typeof zMapPoints>;

export const defaultMapGrades = grades.filter((g) => g !== 'discounted');
