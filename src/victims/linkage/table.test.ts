import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_FIELD_CHARS, readCsvTables } from './table.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tally-csv-'));
});

async function csv(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('readCsvTables', () => {
  it('reads columns, trims cells and keeps the input of each record', async () => {
    const a = await csv('a.csv', '\uFEFFid, name\n1, Omar\n2,\n');
    const b = await csv('b.csv', 'name,id\nAli,1\n');
    const table = await readCsvTables([a, b], { required: ['id', 'name'] });
    expect(table.size).toBe(3);
    expect(table.columns.get('name')).toEqual(['Omar', '', 'Ali']);
    expect([...table.source]).toEqual([0, 0, 1]);
  });

  it.each([
    ['empty.csv', '', /file is empty/],
    ['header.csv', 'id,name\n', /header but no rows/],
    ['missing.csv', 'id,nom\n1,x\n', /missing column\(s\) name/],
    ['quote.csv', 'id,name\n1,"Omar\n2,Ali\n', /quoted field is never closed|line/],
    ['fields.csv', 'id,name\n1,Omar,extra\n', /different number of fields/],
    ['stray.csv', 'id,name\n1,Om"ar\n', /quote/],
  ])('gives a clear error for %s', async (name, text, message) => {
    await expect(readCsvTables([await csv(name, text)], { required: ['id', 'name'] })).rejects.toThrow(
      message,
    );
  });

  it('refuses a huge field and a missing file', async () => {
    const huge = await csv('huge.csv', `id,name\n1,${'x'.repeat(MAX_FIELD_CHARS + 1)}\n`);
    await expect(readCsvTables([huge], { required: ['id', 'name'] })).rejects.toThrow(/characters|longer/);
    await expect(readCsvTables([join(dir, 'nope.csv')], { required: ['id'] })).rejects.toThrow(
      /no such file/,
    );
  });
});
