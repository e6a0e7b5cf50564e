import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linkTable } from '../engine.ts';
import { readCsvTables } from '../table.ts';
import { prepareVictimTable, VICTIM_CSV_COLUMNS, victimsConfig } from '../victims-preset.ts';
import { type EvaluationRow, score } from './evaluate.ts';
import { generateVictimLists, type VictimRow, victimCsvLines } from './syria-generator.ts';

/** Writes generated rows as a preset CSV (with the truth column when asked). */
export async function writeVictimCsv(rows: VictimRow[], path: string, withTruth: boolean): Promise<void> {
  const out = createWriteStream(path);
  for (const line of victimCsvLines(rows, withTruth)) if (!out.write(line)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/** The synthetic Syrian benchmark: generate, write CSV, link through the preset path, score. */
export async function evaluateSyntheticSyria(records = 20_000, seed = 2011): Promise<EvaluationRow> {
  const dir = await mkdtemp(join(tmpdir(), 'tally-syria-'));
  try {
    const path = join(dir, 'victims.csv');
    await writeVictimCsv(generateVictimLists({ records, seed }), path, true);
    const started = performance.now();
    const config = victimsConfig();
    const table = prepareVictimTable(
      await readCsvTables([path], { required: VICTIM_CSV_COLUMNS, keep: ['person'] }),
    );
    table.ids = table.columns.get('id')!;
    const result = await linkTable(table, config, { linkMode: false });
    const seconds = (performance.now() - started) / 1000;
    return score(
      `syria_synthetic (${records})`,
      result,
      table.columns.get('person')!,
      config,
      false,
      seconds,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
