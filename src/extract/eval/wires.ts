import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { knownVictimGroups, outcomes, zCountQualifier } from '../../intake/claim.ts';

/**
 * The real-wire development set: whole real articles annotated by hand
 * (docs/annotation-guide.md), one JSON line each in src/extract/eval/wires/.
 * The schema is checked on load, so an annotation error is named, not scored.
 */
const zTag = z.enum([
  'breakdown',
  'revision',
  'vague',
  'context_date',
  'headline_only',
  'named_source_person',
  'attacker',
]);
const zDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const zGoldClaim = z.object({
  outcome: z.enum(outcomes),
  qualifier: zCountQualifier,
  min: z.int().min(0).nullable(),
  best: z.int().min(0).nullable(),
  max: z.int().min(0).nullable(),
  group: z.enum(knownVictimGroups),
  affiliation: z.string().nullable().optional(),
  admin1: z.string().nullable(),
  country: z.string().nullable().optional(),
  date: zDay.nullable(),
  date_end: zDay.nullable().optional(),
  source: z.string().nullable(),
  cumulative: z.boolean().default(false),
  part_of: z.int().min(0).nullable().default(null),
  supersedes: z.int().min(0).nullable().default(null),
  provisional: z.boolean().default(false),
  unverified: z.boolean().default(false),
  evidence: z.string().min(1),
  also: z.array(z.string().min(1)).default([]),
  tags: z.array(zTag).default([]),
});
export type GoldClaim = z.infer<typeof zGoldClaim>;

export const zWireArticle = z.object({
  id: z.string().min(1),
  url: z.url(),
  outlet: z.string().min(1),
  published: zDay,
  country: z.string().nullable().optional(),
  kinds: z.array(z.string()).default([]),
  text: z.string().min(1),
  note: z.string().optional(),
  expected: z.array(zGoldClaim),
});
export type WireArticle = z.infer<typeof zWireArticle>;

/** A gold claim with its quotes found in the text. */
export interface LocatedGold extends GoldClaim {
  at: Array<[number, number]>;
}

export const wiresDir = new URL('./wires/', import.meta.url);

/**
 * Dev or test, fixed once by a seeded hash of the article's id: adding
 * articles never moves an old one, and nobody chooses where an article goes.
 * About 30% are test.
 */
export const SPLIT_SEED = 'tally-wires-2026-12-07';
export function splitOf(id: string): 'dev' | 'test' {
  const byte = createHash('sha256').update(`${SPLIT_SEED}:${id}`).digest()[0] ?? 0;
  return byte < 77 ? 'test' : 'dev';
}

/** Finds every quote in the text; a quote that is not there is an annotation error. */
export function locate(article: WireArticle): LocatedGold[] {
  return article.expected.map((claim, index) => {
    const at = [claim.evidence, ...claim.also].map((quote): [number, number] => {
      const start = article.text.indexOf(quote);
      if (start < 0)
        throw new Error(`${article.id}: claim ${index} quotes text not in the article: "${quote}"`);
      return [start, start + quote.length];
    });
    return { ...claim, at };
  });
}

export function readWireArticles(dir: URL = wiresDir): WireArticle[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
  const articles: WireArticle[] = [];
  for (const file of files) {
    const lines = readFileSync(new URL(file, dir), 'utf8').split('\n');
    lines.forEach((line, n) => {
      if (!line.trim()) return;
      const parsed = zWireArticle.safeParse(JSON.parse(line));
      if (!parsed.success)
        throw new Error(
          `${file}:${n + 1}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      for (const [i, claim] of parsed.data.expected.entries()) {
        for (const ref of [claim.part_of, claim.supersedes])
          if (ref != null && (ref === i || ref >= parsed.data.expected.length))
            throw new Error(
              `${file}:${n + 1}: claim ${i} points at claim ${ref}, which is not another claim`,
            );
      }
      articles.push(parsed.data);
    });
  }
  const ids = new Set<string>();
  for (const a of articles) {
    if (ids.has(a.id)) throw new Error(`two articles have the id ${a.id}`);
    ids.add(a.id);
  }
  return articles;
}
