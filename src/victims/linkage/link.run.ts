import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { TallyError } from '../../core/errors.ts';
import { createProgress } from '../../core/progress.ts';
import { columnsUsed, type LinkConfig, loadLinkConfig } from './config.ts';
import { type LinkResult, linkTable } from './engine.ts';
import { probabilityOf } from './scorer.ts';
import { readCsvTables } from './table.ts';
import {
  composeVictimNames,
  prepareVictimTable,
  VICTIM_CSV_OPTIONAL,
  VICTIM_CSV_REQUIRED,
  victimHeaderAlias,
  victimsConfig,
} from './victims-preset.ts';

/**
 * `tally link` as a function: read the CSV(s), link, write `id,cluster_id` (plus `input`
 * when several files are linked) and optionally the scored pairs. Used by the CLI and the
 * benchmark, so both time the same work.
 */
export interface LinkJobOptions {
  config?: string;
  preset?: 'victims';
  inputs: string[];
  out: string;
  pairsOut?: string;
  threshold?: number;
  threads?: number;
  /** Show a progress bar on stderr when it is a terminal. */
  progress?: boolean;
}

export interface LinkJobSummary {
  records: number;
  persons: number;
  pairsWritten: number;
  linkMode: boolean;
  stats: LinkResult['stats'];
  refusedJoins: number;
}

export async function runLinkJob(options: LinkJobOptions): Promise<LinkJobSummary> {
  if (options.inputs.length === 0)
    throw new TallyError('validation_failed', 'at least one --input is needed');
  if (!options.config && !options.preset)
    throw new TallyError('validation_failed', 'give --config FILE or --preset victims');
  const config: LinkConfig =
    options.preset === 'victims' ? victimsConfig() : await loadLinkConfig(options.config!);
  const linkMode = options.inputs.length > 1;
  const readBar = options.progress ? createProgress('reading', 1) : null;
  const raw = await readCsvTables(options.inputs, {
    ...(options.preset === 'victims'
      ? { required: VICTIM_CSV_REQUIRED, keep: VICTIM_CSV_OPTIONAL, headerAlias: victimHeaderAlias }
      : { required: columnsUsed(config) }),
    onProgress: (done, total) => readBar?.update(done / total),
  });
  readBar?.finish();
  if (options.preset === 'victims') composeVictimNames(raw, options.inputs.join(', '));
  const table = options.preset === 'victims' ? prepareVictimTable(raw) : raw;
  table.ids = table.columns.get(config.id)!;
  checkUniqueIds(table.ids, table.source, options.inputs);
  let bar: ReturnType<typeof createProgress> | null = null;
  let phase = '';
  const result = await linkTable(table, config, {
    linkMode,
    threads: options.threads,
    threshold: options.threshold,
    onProgress: options.progress
      ? (name, done, total) => {
          if (name !== phase) {
            bar?.finish();
            phase = name;
            bar = createProgress(name, total);
          }
          bar?.update(done, `${done.toLocaleString('en')} pairs`);
        }
      : undefined,
  });
  (bar as ReturnType<typeof createProgress> | null)?.finish();
  await writeClusters(options.out, result, linkMode, options.inputs);
  const pairsWritten = options.pairsOut ? await writePairs(options.pairsOut, result) : 0;
  return {
    records: table.size,
    persons: result.clustering.clusters,
    pairsWritten,
    linkMode,
    stats: result.stats,
    refusedJoins: result.clustering.refusedJoins,
  };
}

function checkUniqueIds(ids: string[], source: Uint8Array, inputs: string[]): void {
  const seen = new Map<string, number>();
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r]!;
    if (id === '')
      throw new TallyError('validation_failed', `${inputs[source[r]!]}: record ${r + 1} has an empty id`);
    const key = `${source[r]}\u0000${id}`;
    if (seen.has(key))
      throw new TallyError(
        'validation_failed',
        `${inputs[source[r]!]}: id "${id.slice(0, 60)}" appears twice`,
      );
    seen.set(key, r);
  }
}

const cell = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

async function writeLines(
  path: string,
  header: string,
  count: number,
  line: (k: number) => string,
): Promise<void> {
  const out = createWriteStream(path);
  const failed = once(out, 'error').then(([error]) => {
    throw new TallyError('validation_failed', `cannot write ${path}: ${(error as Error).message}`);
  });
  out.write(`${header}\n`);
  let buffer = '';
  for (let k = 0; k < count; k++) {
    buffer += `${line(k)}\n`;
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await Promise.race([once(out, 'drain'), failed]);
      buffer = '';
    }
  }
  out.end(buffer);
  await Promise.race([once(out, 'finish'), failed]);
}

async function writeClusters(
  path: string,
  result: LinkResult,
  linkMode: boolean,
  inputs: string[],
): Promise<void> {
  const { ids, source } = result.table;
  const { clusterOf } = result.clustering;
  const header = linkMode ? 'id,cluster_id,input' : 'id,cluster_id';
  // In link mode ids may repeat across files, so a cluster is named by input and id.
  const name = (r: number) => (linkMode ? `${source[r]}:${ids[r]}` : ids[r]!);
  await writeLines(path, header, ids.length, (r) => {
    const base = `${cell(ids[r]!)},${cell(name(clusterOf[r]!))}`;
    return linkMode ? `${base},${cell(inputs[source[r]!]!)}` : base;
  });
}

async function writePairs(path: string, result: LinkResult): Promise<number> {
  const { ids } = result.table;
  const { left, right, weight } = result.pairs;
  await writeLines(path, 'id_l,id_r,match_weight,match_probability', weight.length, (k) => {
    const w = weight[k]!;
    return `${cell(ids[left[k]!]!)},${cell(ids[right[k]!]!)},${w.toFixed(3)},${probabilityOf(w).toPrecision(4)}`;
  });
  return weight.length;
}
