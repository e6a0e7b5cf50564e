import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb } from '../../test/db.ts';
import { buildSource, countRows } from '../../test/factories.ts';
import { cliActor } from '../core/actor.ts';
import type { Db } from '../db/client.ts';
import { importReportsFile } from './import.service.ts';

let db: Db;
let sourceId: string;
const dir = mkdtempSync(join(tmpdir(), 'tally-import-'));

beforeAll(async () => {
  db = await freshDb();
  sourceId = (await buildSource(db)).id;
});
afterAll(async () => db.close());

const jsonl = (rows: unknown[]) =>
  `${rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`;
const goodRow = (text: string) => ({
  id: randomUUID(),
  source_id: sourceId,
  text,
  reported_at: '2012-12-29T10:00:00Z',
});

describe('importReportsFile', () => {
  it('imports a JSONL file, and importing it again finds only duplicates', async () => {
    const path = join(dir, 'good.jsonl');
    writeFileSync(path, jsonl([goodRow('Two killed in Homs'), goodRow('Five wounded in Daraa')]));
    const first = await importReportsFile(db, cliActor, path, { skipBad: false });
    expect(first).toEqual({ imported: 2, duplicates: 0, rejected: 0, rejects_file: null });
    const again = await importReportsFile(db, cliActor, path, { skipBad: false });
    expect(again).toEqual({ imported: 0, duplicates: 2, rejected: 0, rejects_file: null });
  });

  it('stores nothing from a file with one bad row, and names the line', async () => {
    const rows = [goodRow('first'), goodRow('second'), '{"id": broken', goodRow('fourth')];
    const path = join(dir, 'one-bad.jsonl');
    writeFileSync(path, jsonl(rows));
    await expect(importReportsFile(db, cliActor, path, { skipBad: false })).rejects.toThrow(
      /line 3: not valid JSON/,
    );
    const ids = rows.filter((r) => typeof r !== 'string').map((r) => (r as { id: string }).id);
    expect(await countRows(db, 'report', 'id = ANY($1::uuid[])', [ids])).toBe(0);
  });

  it('rolls back the whole file when a row conflicts with a stored report', async () => {
    const stored = goodRow('original words');
    const path = join(dir, 'stored.jsonl');
    writeFileSync(path, jsonl([stored]));
    await importReportsFile(db, cliActor, path, { skipBad: false });
    const fresh = goodRow('new');
    const conflictPath = join(dir, 'conflict.jsonl');
    writeFileSync(conflictPath, jsonl([fresh, { ...stored, text: 'other words' }]));
    await expect(importReportsFile(db, cliActor, conflictPath, { skipBad: false })).rejects.toThrow(
      /line 2: .*different content/,
    );
    expect(await countRows(db, 'report', 'id = $1', [fresh.id])).toBe(0);
  });

  it('with skipBad imports the good rows and writes the rejected ones with reasons', async () => {
    const bad = { ...goodRow('x'), source_id: randomUUID() };
    // Row 5 is valid JSON whose text escapes half a surrogate pair: no UTF-8 can store it as written.
    const loneSurrogate = JSON.stringify(goodRow('z')).replace('"z"', '"z\\ud800"');
    const rows = [
      goodRow('kept'),
      bad,
      'not json at all',
      { ...goodRow('y'), channel: 'fax' },
      loneSurrogate,
    ];
    const path = join(dir, 'mixed.jsonl');
    writeFileSync(path, jsonl(rows));
    const summary = await importReportsFile(db, cliActor, path, { skipBad: true });
    expect(summary).toMatchObject({ imported: 1, duplicates: 0, rejected: 4 });
    const rejects = readFileSync(summary.rejects_file as string, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejects.map((r) => r.line)).toEqual([2, 3, 4, 5]);
    expect(rejects[0].fields[0].field).toBe('source_id');
    expect(rejects[2].fields[0].field).toBe('channel');
    expect(rejects[3].fields[0].field).toBe('text');
  });

  it('imports CSV with empty cells meaning "not given" and JSON columns', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const path = join(dir, 'reports.csv');
    writeFileSync(
      path,
      [
        'id,source_id,reported_at,language,text,payload',
        `${a},${sourceId},2012-12-30T08:00:00Z,en,"Shelling on Rastan, ""dozens"" dead",`,
        `${b},${sourceId},,ar,,"{""killed"": 3}"`,
      ].join('\n'),
    );
    expect(await importReportsFile(db, cliActor, path, { skipBad: false })).toMatchObject({ imported: 2 });
    const rows = await db.query<{
      id: string;
      original_text: string | null;
      payload: unknown;
      channel: string;
    }>(
      'SELECT id, original_text, payload, channel FROM report WHERE id = ANY($1::uuid[]) ORDER BY original_text',
      [[a, b]],
    );
    expect(rows.find((r) => r.id === a)).toMatchObject({
      original_text: 'Shelling on Rastan, "dozens" dead',
      channel: 'import',
    });
    expect(rows.find((r) => r.id === b)).toMatchObject({ original_text: null, payload: { killed: 3 } });
  });

  it('refuses an empty file and an unknown format with clear errors', async () => {
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    await expect(importReportsFile(db, cliActor, empty, { skipBad: false })).rejects.toThrow(/is empty/);
    await expect(importReportsFile(db, cliActor, join(dir, 'x.xlsx'), { skipBad: false })).rejects.toThrow(
      /use a .jsonl .* or .csv file/,
    );
  });

  it('reports a CSV with broken quoting as unreadable and stores nothing', async () => {
    const id = randomUUID();
    const path = join(dir, 'broken.csv');
    writeFileSync(path, `id,source_id,text\n${id},${sourceId},"unclosed quote\n`);
    await expect(importReportsFile(db, cliActor, path, { skipBad: false })).rejects.toThrow(
      /not a readable CSV/,
    );
    expect(await countRows(db, 'report', 'id = $1', [id])).toBe(0);
  });
});
