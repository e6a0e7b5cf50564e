import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractClaims } from '../pipeline.ts';
import { loadBundledResolver, type PlaceResolver } from '../places.ts';
import { addTally, type DevItem, emptyTally, scoreItem, summarise } from './score.ts';

/**
 * `npm run eval:extract [-- --verbose] [-- FILE.jsonl]`: scores the extractor
 * on the development set (src/extract/eval/dev.jsonl by default).
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

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const file = args.find((a) => !a.startsWith('--'));
  const resolver = args.includes('--no-gazetteer') ? null : await loadBundledResolver();
  const items = readDevSet(file);
  const { total, summary, perItem } = evaluate(items, resolver ?? undefined);
  if (verbose) {
    for (const { id, score } of perItem) {
      if (score.problems.length === 0) continue;
      console.log(`${id}`);
      for (const problem of score.problems) console.log(`  ${problem}`);
    }
  }
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(
    `dev set: ${items.length} texts, ${total.expected} expected claims, ${total.predicted} extracted; gazetteer: ${resolver ? 'bundled' : 'none'}`,
  );
  console.log(
    `claims (outcome + count): precision ${pct(summary.precision)}  recall ${pct(summary.recall)}  F1 ${pct(summary.f1)}`,
  );
  console.log(
    `on ${total.matched} matched claims: admin1 ${pct(summary.admin1)}  date ${pct(summary.date)}  victim group ${pct(summary.group)}  source ${pct(summary.source)}  cumulative ${pct(summary.cumulative)}`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) await main();
