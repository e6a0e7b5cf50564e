/**
 * Extraction throughput: English wire articles of about 2 KB per CPU-second
 * (one core), with the bundled gazetteer, built from the real-wire dev split.
 *   npm run bench:extract [-- --rounds 7 --articles 500]
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { readWireArticles, splitOf } from '../src/extract/eval/wires.ts';
import { extractClaims } from '../src/extract/pipeline.ts';
import { loadBundledResolver } from '../src/extract/places.ts';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '7' }, articles: { type: 'string', default: '500' } },
});
const rounds = Number(values.rounds);
const perRound = Number(values.articles);

/** Articles of ~2 KB: the real-wire dev split's articles, joined until each reaches 2,000 characters. */
function buildArticles(): Array<{ text: string; published: string | null }> {
  const items = readWireArticles().filter((a) => splitOf(a.id) === 'dev');
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
const resolver = await loadBundledResolver();
const loadMs = performance.now() - loadStarted;
const articles = buildArticles();
const meanChars = articles.reduce((n, a) => n + a.text.length, 0) / articles.length;

// Warm up the JIT and the place cache as a long-running worker would have them.
for (const article of articles.slice(0, 50))
  extractClaims(article.text, { published: article.published, resolver });

/** Articles per second in each round; `cold` gives every article a fresh place cache. */
function measure(cold: boolean): { rates: number[]; claims: number } {
  const rates: number[] = [];
  let claims = 0;
  for (let round = 0; round < rounds; round++) {
    // CPU time, not wall time: other processes on a shared machine do not count against us.
    const started = process.cpuUsage();
    for (const article of articles) {
      // A wrapper is a new cache key: the gazetteer is asked again for every place.
      const perArticle = cold && resolver ? { resolve: resolver.resolve.bind(resolver) } : resolver;
      claims += extractClaims(article.text, { published: article.published, resolver: perArticle }).claims
        .length;
    }
    const used = process.cpuUsage(started);
    rates.push(articles.length / ((used.user + used.system) / 1e6));
  }
  rates.sort((a, b) => a - b);
  return { rates, claims };
}

const { rates, claims } = measure(false);
const cold = measure(true).rates;
const median = rates[Math.floor(rates.length / 2)] ?? 0;
const coldMedian = cold[Math.floor(cold.length / 2)] ?? 0;
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores), node ${process.version}`);
console.log(`gazetteer: ${resolver ? `bundled, loaded in ${loadMs.toFixed(0)} ms` : 'none'}`);
console.log(
  `${articles.length} articles of ${meanChars.toFixed(0)} characters on average, ${rounds} rounds, ${(claims / rounds / articles.length).toFixed(1)} claims per article`,
);
console.log(
  `articles per second: median ${median.toFixed(0)} (min ${rates[0]?.toFixed(0)}, max ${rates[rates.length - 1]?.toFixed(0)})`,
);
console.log(`throughput: ${((median * meanChars) / 1e6).toFixed(2)} MB/s`);
console.log(
  `articles per second, cold place cache: median ${coldMedian.toFixed(0)} (min ${cold[0]?.toFixed(0)}, max ${cold[cold.length - 1]?.toFixed(0)})`,
);
