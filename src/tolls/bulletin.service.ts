import { z } from 'zod';
import type { Actor } from '../core/actor.ts';
import { notFound } from '../core/errors.ts';
import { CHOICE_LIST_MAX } from '../core/json-limits.ts';
import type { Db, Queryable } from '../db/client.ts';
import { grades as allGrades, zGrade } from '../incidents/incident.ts';
import { zIsoDate } from '../intake/claim.ts';
import { zPlaceId } from '../places/place.ts';
import { type Bulletin, composeBulletin } from './bulletin.ts';
import { publishSnapshot } from './publish.service.ts';
import type { Publication } from './toll.ts';
import { loadTollSettings } from './toll-settings.ts';
import { placeNames } from './tolls.repo.ts';
import { computeTolls, type TollOptions } from './tolls.service.ts';

export const zBulletinQuery = z
  .object({
    date: zIsoDate,
    lang: z.enum(['en', 'ar']).default('en'),
    country: zPlaceId.default('sy'),
    grades: z
      .preprocess((v) => (typeof v === 'string' ? v.split(',') : v), z.array(zGrade).max(CHOICE_LIST_MAX))
      .optional(),
  })
  .strict();
export type BulletinQuery = z.infer<typeof zBulletinQuery>;

/** Drafts the day's bulletin from the tolls: the same figures `tally tolls` shows, in prose. */
export async function draftBulletin(
  db: Queryable,
  query: BulletinQuery,
  options: TollOptions = {},
): Promise<Bulletin> {
  const settings = options.settings ?? loadTollSettings();
  const grades = query.grades ?? settings.headlineGrades;
  const country = (await placeNames(db, [query.country])).get(query.country);
  if (!country) throw notFound('Place', query.country);
  const day = {
    from: query.date,
    to: query.date,
    outcome: 'killed' as const,
    country: query.country,
    grades,
  };
  const others = allGrades.filter((g) => !grades.includes(g) && g !== 'discounted');
  const [national, byArea, byCause, uncorroborated] = await Promise.all([
    computeTolls(db, { ...day, by: ['group'] }, options),
    computeTolls(db, { ...day, by: ['admin1', 'group'] }, options),
    computeTolls(db, { ...day, by: ['admin1', 'group', 'cause'] }, options),
    others.length > 0 ? computeTolls(db, { ...day, grades: others, by: [] }, options) : undefined,
  ]);
  return composeBulletin({
    date: query.date,
    lang: query.lang,
    country: { id: country.id, name_en: country.name_en, name_ar: country.name_ar },
    grades,
    national: national.figures,
    byArea: byArea.figures,
    byCause: byCause.figures,
    uncorroborated: uncorroborated?.figures[0],
  });
}

/** Publishes the draft as it stands; a later different draft of the same day is a revision with a reason. */
export async function publishBulletin(
  db: Db,
  actor: Actor,
  query: BulletinQuery,
  reason: string | undefined,
  options: TollOptions = {},
): Promise<{ created: boolean; value: Publication }> {
  const bulletin = await draftBulletin(db, query, options);
  const { grades, ...rest } = query;
  const behind = {
    from: query.date,
    to: query.date,
    grades: bulletin.grades,
    outcome: 'killed',
    group: null,
    country: query.country,
    admin1: null,
    admin2: null,
  };
  return publishSnapshot(
    db,
    actor,
    'bulletin',
    { ...rest, grades: bulletin.grades },
    bulletin,
    reason,
    behind,
  );
}
