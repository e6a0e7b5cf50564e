import { linkageDataDir, missingDataMessage, sharedDatasets } from './datasets.ts';
import { type EvaluationRow, evaluateDataset, formatRows } from './evaluate.ts';
import { evaluateSyntheticSyria } from './syria-benchmark.ts';

/**
 * npm run eval:link [-- --only NAME[,NAME]]: links every benchmark with its config in
 * ../configs and prints pairwise precision, recall and F1 (best threshold and the config's),
 * cluster F1, the error in the number of persons and the time.
 */
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? new Set((process.argv[onlyArg + 1] ?? '').split(',')) : null;
const wanted = (name: string) => !only || only.has(name);

const rows: EvaluationRow[] = [];
const dataDir = linkageDataDir();
const missing = missingDataMessage(dataDir);
if (missing) {
  process.stderr.write(
    `eval:link: ${missing}\n  The shared benchmarks are skipped; only the synthetic Syrian benchmark runs.\n`,
  );
} else {
  for (const dataset of sharedDatasets) {
    if (!wanted(dataset.name)) continue;
    process.stderr.write(`linking ${dataset.name}...\n`);
    rows.push((await evaluateDataset(dataDir, dataset)).row);
  }
}
if (wanted('syria_synthetic')) {
  process.stderr.write('linking syria_synthetic...\n');
  rows.push(await evaluateSyntheticSyria());
}
process.stdout.write(`${formatRows(rows)}\n`);
if (missing) process.exitCode = 1;
