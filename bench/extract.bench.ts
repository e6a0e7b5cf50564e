/**
 * Extraction throughput: English wire articles of about 2 KB per second on
 * one core, with the bundled gazetteer, built from the development set.
 *   npm run bench:extract [-- --rounds 7 --articles 500]
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { readDevSet } from '../src/extract/eval/run.ts';
import { extractClaims } from '../src/extract/pipeline.ts';
import { loadBundledResolver } from '../src/extract/places.ts';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '7' }, articles: { type: 'string', default: '500' } },
});
const rounds = Number(values.rounds);
const perRound = Number(values.articles);

/** Articles of ~2 KB: dev-set texts joined as paragraphs until each reaches 2,000 characters. */
function buildArticles(): Array<{ text: string; published: string | null }> {
  const items = readDevSet();
  const articles: Array<{ text: string; published: string | null }> = [];
  let k = 0;
  while (articles.length < perRound) {
    const paragraphs: string[] = [];
    let published: string | null = null;
    while (paragraphs.join('\n\n').length < 2_000) {
      const item = items[k++ % items.length];
      if (!item) break;
      published ??= item.published;
      paragraphs.push(item.text);
    }
    articles.push({ text: paragraphs.join('\n\n').slice(0, 2_400), published });
  }
  return articles;
}

const loadStarted = performance.now();
const resolver = (await loadBundledResolver()) ?? undefined;
const loadMs = performance.now() - loadStarted;
const articles = buildArticles();
const meanChars = articles.reduce((n, a) => n + a.text.length, 0) / articles.length;

// Warm up the JIT and the place cache as a long-running worker would have them.
for (const article of articles.slice(0, 50))
  extractClaims(article.text, { published: article.published, resolver });

const rates: number[] = [];
let claims = 0;
for (let round = 0; round < rounds; round++) {
  const started = performance.now();
  for (const article of articles)
    claims += extractClaims(article.text, { published: article.published, resolver }).claims.length;
  rates.push(articles.length / ((performance.now() - started) / 1000));
}
rates.sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)] ?? 0;
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores), node ${process.version}`);
console.log(`gazetteer: ${resolver ? `bundled, loaded in ${loadMs.toFixed(0)} ms` : 'none'}`);
console.log(
  `${articles.length} articles of ${meanChars.toFixed(0)} characters on average, ${rounds} rounds, ${(claims / rounds / articles.length).toFixed(1)} claims per article`,
);
console.log(
  `articles per second: median ${median.toFixed(0)} (min ${rates[0]?.toFixed(0)}, max ${rates[rates.length - 1]?.toFixed(0)})`,
);
console.log(`throughput: ${((median * meanChars) / 1e6).toFixed(2)} MB/s`);
