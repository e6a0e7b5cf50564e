import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { linkTable } from './engine.ts';
import { countTruePairs, pairwiseScores } from './eval/metrics.ts';
import { writeVictimCsv } from './eval/syria-benchmark.ts';
import { generateVictimLists } from './eval/syria-generator.ts';
import { runLinkJob } from './link.run.ts';
import { probabilityOf } from './scorer.ts';
import { readCsvTables } from './table.ts';
import { prepareVictimTable, VICTIM_CSV_COLUMNS, victimsConfig } from './victims-preset.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tally-link-'));
});

describe('victims preset on generated lists', () => {
  it('links one person across scripts and lists, keeps brothers apart, and beats a floor', async () => {
    const rows = generateVictimLists({ records: 3000, seed: 99 });
    const extra = [
      ['t1', 'A', 'Mohammed Abd al-Rahman al-Qabbani', 'm', '', '2014-03-02', 'Khalidiya', 'Homs'],
      ['t2', 'B', 'محمد عبد الرحمن القباني', 'm', '', '2014-03-03', '', 'حمص'],
      ['t3', 'C', 'Muhammad Abdulrahman Qabbani', '', '', '2014-03-02', 'Homs', 'Homs'],
      ['t4', 'B', 'أحمد عبد الرحمن القباني', 'm', '', '2014-03-02', 'الخالدية', 'حمص'],
    ];
    for (const [id, list, name, sex, age, date, place, governorate] of extra)
      rows.push({
        id: id!,
        list: list!,
        name: name!,
        sex: sex!,
        age: age!,
        date_of_death: date!,
        place: place!,
        governorate: governorate!,
        cause: '',
        person: id === 't4' ? 'T-brother' : 'T',
      });
    const path = join(dir, 'lists.csv');
    await writeVictimCsv(rows, path, true);
    const table = prepareVictimTable(
      await readCsvTables([path], { required: VICTIM_CSV_COLUMNS, keep: ['person'] }),
    );
    table.ids = table.columns.get('id')!;
    const result = await linkTable(table, victimsConfig(), { linkMode: false, threads: 2 });
    const truth = table.columns.get('person')!;
    const at = (id: string) => table.ids.indexOf(id);
    const cluster = (id: string) => result.clustering.clusterOf[at(id)];
    expect(cluster('t2')).toBe(cluster('t1'));
    expect(cluster('t3')).toBe(cluster('t1'));
    expect(cluster('t4')).not.toBe(cluster('t1'));
    const weightOfPair = (a: string, b: string) => result.scorer.weight(at(a), at(b), result.model.weights);
    expect(probabilityOf(weightOfPair('t1', 't4'))).toBeLessThan(0.5);
    const truePairs = countTruePairs(truth, table.source, false);
    const { best } = pairwiseScores(result.pairs, truth, truePairs, [0.5]);
    expect(best.f1).toBeGreaterThan(0.75);
  });
});

describe('tally link with a config', () => {
  it('links two files and writes id, cluster_id and input', async () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    const people = Array.from({ length: 60 }, (_, i) => ({
      id: `p${i}`,
      first: ['anna', 'omar', 'lina', 'sami', 'rami', 'hala'][i % 6]! + (i % 7 === 0 ? '' : ''),
      last: `family${Math.floor(i / 2)}`,
      dob: `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`,
    }));
    await writeFile(
      a,
      `id,first,last,dob\n${people.map((p) => `${p.id},${p.first},${p.last},${p.dob}`).join('\n')}\n`,
    );
    await writeFile(
      b,
      `id,first,last,dob\n${people.map((p, i) => `${p.id},${p.first},${i % 5 === 0 ? `${p.last}x` : p.last},${p.dob}`).join('\n')}\n`,
    );
    const config = join(dir, 'config.json');
    await writeFile(
      config,
      JSON.stringify({
        id: 'id',
        comparisons: [
          {
            name: 'first',
            type: 'string',
            columns: ['first'],
            levels: [{ kind: 'exact' }, { kind: 'jw', min: 0.9 }],
          },
          {
            name: 'last',
            type: 'string',
            columns: ['last'],
            levels: [
              { kind: 'exact', tf: true },
              { kind: 'jw', min: 0.9 },
            ],
          },
          {
            name: 'dob',
            type: 'date',
            columns: ['dob'],
            levels: [{ kind: 'exact' }, { kind: 'days', max: 31 }],
          },
        ],
        blocking: [['dob'], ['last']],
      }),
    );
    const out = join(dir, 'clusters.csv');
    const summary = await runLinkJob({ config, inputs: [a, b], out, threads: 1 });
    expect(summary.linkMode).toBe(true);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('id,cluster_id,input');
    expect(lines).toHaveLength(121);
    const clusterOf = new Map(
      lines.slice(1).map((line) => {
        const [id, cluster, input] = line.split(',');
        return [`${input}:${id}`, cluster];
      }),
    );
    const linked = people.filter(
      (p) => clusterOf.get(`${a}:${p.id}`) === clusterOf.get(`${b}:${p.id}`),
    ).length;
    expect(linked).toBeGreaterThanOrEqual(55);
    await expect(runLinkJob({ config, inputs: [join(dir, 'missing.csv')], out })).rejects.toThrow(
      /no such file/,
    );
  });
});
