/**
 * npm run bench:link [-- --records N --runs R]: generates N synthetic victim records
 * (default 1,000,000, seeded), writes them as a preset CSV, and times the whole
 * `tally link --preset victims` job on them: read, prepare names and places, train, block,
 * compare, score, cluster, write clusters. Reports scored pairs per second per core.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeVictimCsv } from '../src/victims/linkage/eval/syria-benchmark.ts';
import { generateVictimLists } from '../src/victims/linkage/eval/syria-generator.ts';
import { runLinkJob } from '../src/victims/linkage/link.run.ts';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const records = arg('records', 1_000_000);
const runs = arg('runs', 1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = await mkdtemp(join(tmpdir(), 'tally-link-bench-'));
try {
  let started = performance.now();
  const rows = generateVictimLists({ records, seed: 2011 });
  const input = join(dir, 'victims.csv');
  await writeVictimCsv(rows, input, false);
  const generated = rows.length;
  rows.length = 0;
  console.log(`generated ${generated} records in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const walls: number[] = [];
  const rates: number[] = [];
  for (let run = 0; run < runs; run++) {
    started = performance.now();
    const summary = await runLinkJob({ preset: 'victims', inputs: [input], out: join(dir, 'clusters.csv') });
    const wall = (performance.now() - started) / 1000;
    const { stats } = summary;
    const compareSeconds = (stats.seconds.block_and_compare ?? 0) + (stats.seconds.score ?? 0);
    const perCore = stats.blocking.pairs / compareSeconds / stats.threads;
    walls.push(wall);
    rates.push(perCore);
    console.log(
      `run ${run + 1}: ${generated} records, ${stats.blocking.pairs} blocked pairs, ${summary.persons} persons; ` +
        `wall ${wall.toFixed(1)} s; phases ${Object.entries(stats.seconds)
          .map(([k, v]) => `${k} ${v.toFixed(1)}`)
          .join(', ')}; ` +
        `${Math.round(perCore).toLocaleString('en')} pairs/s per core (${stats.threads} threads); ` +
        `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    );
  }
  console.log(
    `median of ${runs}: wall ${median(walls).toFixed(1)} s, ${Math.round(median(rates)).toLocaleString('en')} scored pairs/s per core ` +
      `(${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version})`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
