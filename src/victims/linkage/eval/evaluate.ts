import { resolve } from 'node:path';
import { columnsUsed, type LinkConfig, loadLinkConfig } from '../config.ts';
import { type LinkResult, linkTable, reclusterAt } from '../engine.ts';
import { type RecordTable, readCsvTables } from '../table.ts';
import { type BenchmarkDataset, configDir } from './datasets.ts';
import { clusterScores, countTruePairs, pairwiseScores } from './metrics.ts';

/** One benchmark run and its scores, ready to print. */
export interface EvaluationRow {
  dataset: string;
  records: number;
  blockedPairs: number;
  truePairs: number;
  best: { threshold: number; precision: number; recall: number; f1: number };
  atDefault: { threshold: number; precision: number; recall: number; f1: number };
  clusters: { f1: number; persons: number; entities: number; personError: number };
  seconds: number;
}

export function truthOf(table: RecordTable, dataset: Pick<BenchmarkDataset, 'truth'>): string[] {
  const { truth } = dataset;
  if ('column' in truth) return table.columns.get(truth.column)!;
  return table.ids.map((id) => truth.idPattern.exec(id)?.[1] ?? id);
}

export async function evaluateFiles(
  name: string,
  paths: string[],
  config: LinkConfig,
  dataset: Pick<BenchmarkDataset, 'truth' | 'linkMode'>,
): Promise<{ row: EvaluationRow; result: LinkResult }> {
  const started = performance.now();
  const keep = 'column' in dataset.truth ? [dataset.truth.column] : [];
  const table = await readCsvTables(paths, { required: columnsUsed(config), keep });
  table.ids = table.columns.get(config.id)!;
  const result = await linkTable(table, config, { linkMode: dataset.linkMode });
  const seconds = (performance.now() - started) / 1000;
  return { row: score(name, result, truthOf(table, dataset), config, dataset.linkMode, seconds), result };
}

export function score(
  name: string,
  result: LinkResult,
  truth: string[],
  config: LinkConfig,
  linkMode: boolean,
  seconds: number,
): EvaluationRow {
  const truePairs = countTruePairs(truth, result.table.source, linkMode);
  const pairwise = pairwiseScores(result.pairs, truth, truePairs, [config.threshold]);
  const clustering = reclusterAt(
    result,
    config.threshold,
    config.clustering.distinct_below,
    config.clustering.max_checks,
  );
  const clusters = clusterScores(clustering.clusterOf, truth, result.table.source, linkMode, truePairs);
  return {
    dataset: name,
    records: result.table.size,
    blockedPairs: result.stats.blocking.pairs,
    truePairs,
    best: pairwise.best,
    atDefault: pairwise.at[0]!,
    clusters,
    seconds,
  };
}

export async function evaluateDataset(dataDir: string, dataset: BenchmarkDataset) {
  const config = await loadLinkConfig(resolve(configDir, dataset.config));
  return evaluateFiles(
    dataset.name,
    dataset.files.map((file) => resolve(dataDir, file)),
    config,
    dataset,
  );
}

const pct = (x: number) => x.toFixed(4);

export function formatRows(rows: EvaluationRow[]): string {
  const header = [
    'dataset',
    'records',
    'blocked pairs',
    'true pairs',
    'best F1 (P/R @p)',
    'F1 @default (P/R @p)',
    'cluster F1',
    'persons (true)',
    'person err',
    'time s',
  ];
  const lines = rows.map((r) => [
    r.dataset,
    String(r.records),
    String(r.blockedPairs),
    String(r.truePairs),
    `${pct(r.best.f1)} (${pct(r.best.precision)}/${pct(r.best.recall)} @${r.best.threshold.toPrecision(2)})`,
    `${pct(r.atDefault.f1)} (${pct(r.atDefault.precision)}/${pct(r.atDefault.recall)} @${r.atDefault.threshold})`,
    pct(r.clusters.f1),
    `${r.clusters.persons} (${r.clusters.entities})`,
    `${(r.clusters.personError * 100).toFixed(2)}%`,
    r.seconds.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join('\n');
}
