import { describe, expect, it } from 'vitest';
import { generatePairs, planBlocking, totalPairs } from './blocking.ts';
import type { RecordTable } from './table.ts';

function table(rows: Array<Record<string, string>>, source?: number[]): RecordTable {
  const columns = new Map<string, string[]>();
  for (const key of Object.keys(rows[0]!))
    columns.set(
      key,
      rows.map((row) => row[key]!),
    );
  return {
    size: rows.length,
    ids: rows.map((_, i) => String(i)),
    columns,
    source: Uint8Array.from(source ?? rows.map(() => 0)),
    sourceNames: [],
  };
}

async function pairsOf(plan: ReturnType<typeof planBlocking>, chunk = 2) {
  const pairs: string[] = [];
  const stats = await generatePairs(plan, chunk, (buffer) => {
    for (let p = 0; p < buffer.length; p += 2) pairs.push(`${buffer[p]}-${buffer[p + 1]}`);
  });
  return { pairs, stats };
}

const rows = [
  { name: 'omar', date: '2012-01-01', gov: 'homs' },
  { name: 'omar', date: '2012-01-01', gov: 'homs' },
  { name: 'omar', date: '2013-05-05', gov: 'homs' },
  { name: 'ali', date: '2012-01-01', gov: '' },
  { name: '', date: '2012-01-01', gov: 'homs' },
];

describe('blocking', () => {
  it('scores the union of rules with each pair once, and never blocks on a missing value', async () => {
    const plan = planBlocking(table(rows), [['name'], ['date'], ['gov']], 100, false);
    const { pairs, stats } = await pairsOf(plan);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(pairs.sort()).toEqual(['0-1', '0-2', '0-3', '0-4', '1-2', '1-3', '1-4', '2-4', '3-4'].sort());
    expect(stats.pairsPerRule).toEqual([3, 5, 1]);
  });

  it('pairs only across inputs in link mode and skips oversized blocks', async () => {
    const link = planBlocking(table(rows, [0, 1, 0, 1, 0]), [['name']], 100, true);
    expect((await pairsOf(link)).pairs.sort()).toEqual(['0-1', '1-2']);
    const capped = planBlocking(table(rows), [['name'], ['date']], 3, false);
    const { pairs, stats } = await pairsOf(capped);
    expect(stats.skippedBlocks).toEqual([{ rule: 1, size: 4 }]);
    // The name block of three was kept, and pairs of the skipped date block are not claimed by it.
    expect(pairs.sort()).toEqual(['0-1', '0-2', '1-2']);
  });

  it('counts possible pairs', () => {
    expect(totalPairs(table(rows), false)).toBe(10);
    expect(totalPairs(table(rows, [0, 1, 0, 1, 0]), true)).toBe(6);
  });
});
