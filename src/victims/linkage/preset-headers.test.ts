import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeVictimCsv } from './eval/syria-benchmark.ts';
import { generateVictimLists } from './eval/syria-generator.ts';
import { runLinkJob } from './link.run.ts';

let dir: string;
let standard: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tally-preset-'));
  standard = join(dir, 'standard.csv');
  await writeVictimCsv(generateVictimLists({ records: 1500, seed: 7 }), standard, false);
});

const clusters = async (input: string) => {
  const out = `${input}.clusters.csv`;
  await runLinkJob({ preset: 'victims', inputs: [input], out, threads: 1 });
  return (await readFile(out, 'utf8')).trim().split('\n').slice(1).sort();
};

describe('tally link --preset victims on lists as monitors head them', () => {
  it('reads "Full Name", "Date of Death", "Province" (or Arabic headers) as its own columns, with the same persons', async () => {
    const lines = (await readFile(standard, 'utf8')).split('\n').filter(Boolean);
    expect(lines[0]).toBe('id,list,name,sex,age,date_of_death,place,governorate,cause');
    const renamed = join(dir, 'renamed.csv');
    // No list or cause column at all: the model compares neither.
    const english = lines.map((line, i) => {
      if (i === 0) return 'ID,Full Name,Gender,Age,Date of Death,Area,Province';
      const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, '')) ?? [];
      return [cells[0], cells[2], cells[3], cells[4], cells[5], cells[6], cells[7]].join(',');
    });
    await writeFile(renamed, english.join('\n'));
    const arabic = join(dir, 'arabic.csv');
    await writeFile(
      arabic,
      ['الرقم,الاسم,الجنس,العمر,تاريخ الوفاة,مكان الوفاة,المحافظة', ...english.slice(1)].join('\n'),
    );
    const expected = await clusters(standard);
    expect(expected.length).toBeGreaterThan(1000);
    expect(await clusters(renamed)).toEqual(expected);
    expect(await clusters(arabic)).toEqual(expected);
  });

  it('builds names from their parts, and refuses a list with no names, saying what it needs', async () => {
    const parts = join(dir, 'parts.csv');
    await writeFile(
      parts,
      [
        'id,First name,Father,Surname,date_of_death,governorate',
        'a,Mohammed,Abd al-Rahman,al-Qabbani,2014-03-02,Homs',
        'b,Muhammad,Abdulrahman,Qabbani,2014-03-02,Homs',
        'c,Fatima,Ali,al-Hassan,2014-05-09,Idlib',
      ].join('\n'),
    );
    const linked = await clusters(parts);
    const clusterOf = new Map(linked.map((line) => line.split(',') as [string, string]));
    expect(clusterOf.get('a')).toBe(clusterOf.get('b'));
    expect(clusterOf.get('c')).not.toBe(clusterOf.get('a'));

    const nameless = join(dir, 'nameless.csv');
    await writeFile(nameless, 'id,date_of_death\nx,2014-03-02\n');
    await expect(
      runLinkJob({ preset: 'victims', inputs: [nameless], out: `${nameless}.out` }),
    ).rejects.toThrow(/no names: give a name column/);
  });
});
