import { z } from 'zod';
import { type Grade, grades } from '../incidents/incident.ts';

/**
 * The methodology choices a monitor makes once and publishes in its codebook: which claims
 * feed incidents, which grades count in headline tolls, how long a day stays provisional,
 * how far sources may disagree before an incident is contested. Defaults follow the brief
 * (headline = fair + confirmed, after Airwars); each can be set in the environment.
 */
export interface TollSettings {
  /** Claim statuses consolidation reads: accepted only, or proposed as well. */
  claimStatuses: Array<'accepted' | 'proposed'>;
  headlineGrades: Grade[];
  /** A day's toll stays provisional until this many days after it, unless an analyst closes it. */
  provisionalDays: number;
  /** Relative spread (high - low) / high beyond which sources disagree. */
  contestedRatio: number;
  /** ...and the absolute spread that must also be exceeded, so 2 against 3 is not a dispute. */
  contestedMinSpread: number;
  /** Victim groups inside a wider group: a breakdown is never added on top of its total. */
  victimGroupParents: Record<string, string>;
}

export const defaultTollSettings: TollSettings = {
  claimStatuses: ['accepted'],
  headlineGrades: ['fair', 'confirmed'],
  provisionalDays: 3,
  contestedRatio: 0.5,
  contestedMinSpread: 5,
  victimGroupParents: {
    civilians: 'people',
    combatants: 'people',
    security_forces: 'combatants',
    unknown: 'people',
    children: 'civilians',
    women: 'civilians',
    men: 'civilians',
    protesters: 'civilians',
  },
};

const zList = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()))
    .pipe(z.array(z.enum(values)).min(1));

const zEnvSettings = z.object({
  TALLY_CONSOLIDATE_STATUSES: zList(['accepted', 'proposed'] as const).optional(),
  TALLY_HEADLINE_GRADES: zList(grades).optional(),
  TALLY_PROVISIONAL_DAYS: z.coerce.number().int().min(0).max(365).optional(),
  TALLY_CONTESTED_RATIO: z.coerce.number().min(0).max(1).optional(),
});

/** Settings from the environment over the defaults; a bad value stops the program with its name. */
export function loadTollSettings(env: NodeJS.ProcessEnv = process.env): TollSettings {
  const parsed = zEnvSettings.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Toll settings are not valid:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    ...defaultTollSettings,
    ...(e.TALLY_CONSOLIDATE_STATUSES ? { claimStatuses: e.TALLY_CONSOLIDATE_STATUSES } : {}),
    ...(e.TALLY_HEADLINE_GRADES ? { headlineGrades: e.TALLY_HEADLINE_GRADES } : {}),
    ...(e.TALLY_PROVISIONAL_DAYS !== undefined ? { provisionalDays: e.TALLY_PROVISIONAL_DAYS } : {}),
    ...(e.TALLY_CONTESTED_RATIO !== undefined ? { contestedRatio: e.TALLY_CONTESTED_RATIO } : {}),
  };
}
