import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractClaims } from '../pipeline.ts';
import { loadBundledResolver, type PlaceResolver } from '../places.ts';
import { addTally, type DevItem, emptyTally, scoreItem, summarise } from './score.ts';
import { readWireArticles, splitOf, type WireArticle } from './wires.ts';
import {
  addWireTally,
  emptyWireTally,
  fields,
  recallClasses,
  scoreArticle,
  summariseWires,
} from './wires-score.ts';

/**
 * `npm run eval:extract [-- --verbose] [-- --split dev|test]`: scores the
 * extractor on the real-wire set (src/extract/eval/wires/, its dev and test
 * splits) and on the old snippets (src/extract/eval/dev.jsonl), kept as
 * regression tests. --verbose lists the problems of the dev split only: the
 * test split is for measuring, never for reading errors to write a rule.
 */
export const devSetPath = fileURLToPath(new URL('./dev.jsonl', import.meta.url));

export function readDevSet(path = devSetPath): DevItem[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as DevItem);
}

export function evaluate(items: DevItem[], resolver: PlaceResolver | undefined) {
  const total = emptyTally();
  const perItem = items.map((item) => {
    const { claims } = extractClaims(item.text, { published: item.published, resolver });
    const score = scoreItem(item, claims);
    addTally(total, score);
    return { id: item.id, score };
  });
  return { total, summary: summarise(total), perItem };
}

export function evaluateWires(articles: WireArticle[], resolver: PlaceResolver | undefined) {
  const total = emptyWireTally();
  const perArticle = articles.map((article) => {
    const { claims } = extractClaims(article.text, { published: article.published, resolver });
    const score = scoreArticle(article, claims);
    addWireTally(total, score);
    return { id: article.id, score };
  });
  return { total, summary: summariseWires(total), perArticle };
}

const pct = (x: number | null) => (x == null ? 'n/a' : `${(100 * x).toFixed(1)}%`);

function printWires(
  label: string,
  articles: WireArticle[],
  resolver: PlaceResolver | undefined,
  verbose: boolean,
) {
  const { total, summary, perArticle } = evaluateWires(articles, resolver);
  if (verbose) {
    for (const { id, score } of perArticle) {
      if (score.problems.length === 0) continue;
      console.log(id);
      for (const problem of score.problems) console.log(`  ${problem}`);
    }
  }
  console.log(
    `${label}: ${articles.length} articles, ${total.expected} gold claims, ${total.predicted} extracted, ${total.matched} matched, ${total.repeats} repeats`,
  );
  console.log(
    `  claims: precision ${pct(summary.precision)}  recall ${pct(summary.recall)}  F1 ${pct(summary.f1)}`,
  );
  console.log(
    `  recall on: ${recallClasses.map((c) => `${c} ${pct(summary.classRecall[c])} (${total.classes[c].expected})`).join('  ')}`,
  );
  console.log(`  on matched claims: ${fields.map((f) => `${f} ${pct(summary.fields[f])}`).join('  ')}`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const only = args.includes('--split') ? args[args.indexOf('--split') + 1] : null;
  const resolver = args.includes('--no-gazetteer') ? null : await loadBundledResolver();
  const articles = readWireArticles();
  for (const split of ['dev', 'test'] as const) {
    if (only && only !== split) continue;
    const part = articles.filter((a) => splitOf(a.id) === split);
    printWires(`real wires, ${split} split`, part, resolver ?? undefined, verbose && split === 'dev');
  }
  if (only) return;
  const items = readDevSet();
  const { total, summary, perItem } = evaluate(items, resolver ?? undefined);
  if (verbose) {
    for (const { id, score } of perItem) {
      if (score.problems.length === 0) continue;
      console.log(`${id}`);
      for (const problem of score.problems) console.log(`  ${problem}`);
    }
  }
  console.log(
    `old snippets: ${items.length} texts, ${total.expected} expected claims, ${total.predicted} extracted; gazetteer: ${resolver ? 'bundled' : 'none'}`,
  );
  console.log(
    `claims (outcome + count): precision ${pct(summary.precision)}  recall ${pct(summary.recall)}  F1 ${pct(summary.f1)}`,
  );
  console.log(
    `on ${total.matched} matched claims: admin1 ${pct(summary.admin1)}  date ${pct(summary.date)}  victim group ${pct(summary.group)}  source ${pct(summary.source)}  cumulative ${pct(summary.cumulative)}`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) await main();
