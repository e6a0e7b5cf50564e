import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { TallyError } from '../../core/errors.ts';

/**
 * A linkage model as a JSON file: which column identifies a record, how each field is
 * compared (ordered levels, first that holds wins), which blocking rules make candidate
 * pairs, and how the model is trained and clustered. One file per dataset is all the tuning
 * there is; the engine has no dataset-specific code.
 */

/** How a text cell becomes the value compared: as written, lowercased, or through the name normaliser. */
export const zNormalize = z.enum(['none', 'lower', 'name', 'digits']);

const zLevel = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exact'), tf: z.boolean().optional() }),
  // Same consonant skeleton (names in either script); needs normalize "name" or skeleton_column.
  // Within one script, also a Jaro-Winkler of at least min_jw on the values, since skeletons
  // drop long vowels: Hassan/Hussein and Mahmoud/Mohammed share one.
  z.object({
    kind: z.literal('skeleton'),
    tf: z.boolean().optional(),
    min_jw: z.number().min(0).max(1).default(0),
  }),
  z.object({
    kind: z.literal('jw'),
    min: z.number().min(0).max(1),
    on: z.enum(['value', 'skeleton']).optional(),
  }),
  z.object({
    kind: z.literal('edit'),
    max: z.number().int().min(1),
    on: z.enum(['value', 'skeleton']).optional(),
  }),
  // Dates: absolute difference in days, same year and month, same year.
  z.object({ kind: z.literal('days'), max: z.number().int().min(0) }),
  z.object({ kind: z.literal('month') }),
  z.object({ kind: z.literal('year') }),
  // Numbers: absolute difference.
  z.object({ kind: z.literal('abs'), max: z.number().min(0) }),
  // Two-column names: forename and surname exchanged.
  z.object({ kind: z.literal('swap') }),
  z.object({ kind: z.literal('first_exact'), tf: z.boolean().optional() }),
  z.object({ kind: z.literal('second_exact'), tf: z.boolean().optional() }),
  // Token sets: the smaller set inside the larger; at least `min` shared tokens.
  z.object({ kind: z.literal('subset') }),
  z.object({ kind: z.literal('shared'), min: z.number().int().min(1) }),
  // Hierarchies (place): same finest unit; one inside the other; same unit at depth `depth`.
  z.object({ kind: z.literal('same_place'), min_depth: z.number().int().min(0).default(0) }),
  z.object({ kind: z.literal('within') }),
  z.object({ kind: z.literal('same_at'), depth: z.number().int().min(0) }),
]);
export type LevelSpec = z.infer<typeof zLevel>;

export const comparisonTypes = [
  'string',
  'exact',
  'date',
  'number',
  'name_pair',
  'tokens',
  'hierarchy',
] as const;

const zComparison = z.object({
  name: z.string().min(1),
  type: z.enum(comparisonTypes),
  /** One column, or two for name_pair (forename, surname), or coarse-to-fine for hierarchy. */
  columns: z.array(z.string().min(1)).min(1),
  normalize: zNormalize.default('lower'),
  /** A precomputed skeleton column, when the values come already normalised. */
  skeleton_column: z.string().optional(),
  levels: z.array(zLevel).min(1),
  /** Share of the term-frequency adjustment applied (Splink's tf_adjustment_weight). */
  tf_weight: z.number().min(0).max(1).default(1),
  /** Starting m for EM, best level first; defaults to a decreasing series. */
  m_start: z.array(z.number()).optional(),
  /**
   * m taken as given and never re-estimated (Splink's fix_m_probability). For facts EM cannot
   * learn from the data: brothers killed together agree on everything but the given name, so
   * without labels EM cannot tell "same person" from "same family" by itself.
   */
  m_fixed: z.array(z.number().min(0)).optional(),
  /**
   * Highest match probability a pair may get when this comparison falls to "else", whatever
   * the other fields say. Fellegi-Sunter adds evidence independently, so two brothers killed
   * together (same father, family, date and place, different given names) would otherwise
   * score as one person; the cap sends such pairs to review instead of linking them.
   */
  else_cap: z.number().min(0).max(1).optional(),
});
export type ComparisonSpec = z.infer<typeof zComparison>;

/** A blocking key part: a column, optionally transformed. */
const zKeyPart = z.union([
  z.string(),
  z.object({
    column: z.string(),
    transform: z
      .enum(['value', 'lower', 'skeleton', 'name', 'year', 'year_month', 'first', 'last'])
      .default('value'),
    length: z.number().int().min(1).optional(),
  }),
]);
export type KeyPart = z.infer<typeof zKeyPart>;
export const zRule = z.array(zKeyPart).min(1);
export type RuleSpec = z.infer<typeof zRule>;

export const zLinkConfig = z.object({
  id: z.string().min(1),
  comparisons: z.array(zComparison).min(1),
  blocking: z.array(zRule).min(1),
  /** Blocks larger than this are skipped (and reported): they are keys like "unknown". */
  max_block_size: z.number().int().min(2).default(5_000),
  training: z
    .object({
      /** Strict rules whose pairs are taken as matches to estimate the prior... */
      deterministic: z.array(zRule).default([]),
      /** ...with this assumed share of all true matches found by them. */
      recall: z.number().min(0.01).max(1).default(0.7),
      /** Random pairs for u; every pair when the input has fewer. */
      u_pairs: z.number().int().min(1000).default(1_000_000),
      em_iterations: z.number().int().min(1).default(40),
      /**
       * Splink-style EM sessions: each rule's pairs train m for the comparisons that do not
       * read the rule's columns, and the estimates are averaged. Without sessions, EM runs
       * once on the prediction pairs with u re-estimated there (em_u "free").
       */
      em_rules: z.array(zRule).default([]),
      /** Pairs per session at most. */
      em_max_pairs: z.number().int().min(1000).default(5_000_000),
      /** u during EM: fixed at the random-pair estimate, or re-estimated among blocked pairs. */
      em_u: z.enum(['fixed', 'free']).default('free'),
      seed: z.number().int().default(42),
    })
    .default({
      deterministic: [],
      recall: 0.7,
      u_pairs: 1_000_000,
      em_iterations: 40,
      em_rules: [],
      em_max_pairs: 5_000_000,
      em_u: 'free',
      seed: 42,
    }),
  /**
   * Match probability at or above which a pair links records into one person. The default is
   * the same for every dataset: the prior comes from strict rules with an assumed recall, which
   * errs low, so probabilities run conservative and pairwise F1 peaks between about 0.05 and
   * 0.4 on every benchmark (docs/benchmarks.md); 0.1 sits inside that plateau on all of them.
   * A config that wants fewer false merges (the victims preset) sets its own.
   */
  threshold: z.number().min(0).max(1).default(0.1),
  /** Pairs kept for review and clustering; below this a scored pair is dropped. */
  keep_above: z.number().min(0).max(1).default(0.001),
  clustering: z
    .object({
      /** Refuse to join two clusters when any pair across them scores below this (anti-chaining). */
      distinct_below: z.number().min(0).max(1).default(0.01),
      /** Cross pairs checked per merge; larger clusters are sampled. */
      max_checks: z.number().int().min(1).default(400),
    })
    .default({ distinct_below: 0.01, max_checks: 400 }),
});
export type LinkConfig = z.infer<typeof zLinkConfig>;

/** Reads and validates a config file, naming each problem. */
export async function loadLinkConfig(path: string): Promise<LinkConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new TallyError('validation_failed', `cannot read link config ${path}: ${(error as Error).message}`);
  }
  return parseLinkConfig(raw, path);
}

export function parseLinkConfig(raw: unknown, where = 'config'): LinkConfig {
  const parsed = zLinkConfig.safeParse(raw);
  if (!parsed.success) {
    throw new TallyError('validation_failed', `invalid link config ${where}`, {
      fields: parsed.error.issues.map((issue) => ({
        field: issue.path.join('.') || '(root)',
        message: issue.message,
      })),
    });
  }
  return parsed.data;
}

/** Every input column the config reads, so a missing one is reported before any work. */
export function columnsUsed(config: LinkConfig): string[] {
  const used = new Set<string>([config.id]);
  for (const comparison of config.comparisons) {
    for (const column of comparison.columns) used.add(column);
    if (comparison.skeleton_column) used.add(comparison.skeleton_column);
  }
  for (const rule of [...config.blocking, ...config.training.deterministic]) {
    for (const part of rule) used.add(typeof part === 'string' ? part : part.column);
  }
  return [...used];
}

/** Columns a rule reads. */
export function ruleColumns(rule: RuleSpec): Set<string> {
  return new Set(rule.map((part) => (typeof part === 'string' ? part : part.column)));
}

/** Columns a comparison reads. */
export function comparisonColumns(comparison: ComparisonSpec): Set<string> {
  return new Set([
    ...comparison.columns,
    ...(comparison.skeleton_column ? [comparison.skeleton_column] : []),
  ]);
}
