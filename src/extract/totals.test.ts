import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledResolver } from '../places/resolve.ts';
import { extractClaims } from './pipeline.ts';

const extract = (text: string, published: string) =>
  extractClaims(text, { published, resolver: bundledResolver() }).claims;
const afp = readFileSync(
  new URL('../../../shared/examples/wire-afp-2012-12-30-homs.txt', import.meta.url),
  'utf8',
);

describe('totals, parts and doubt on the example AFP wire', () => {
  const claims = extract(afp, '2012-12-30');
  const find = (best: number | null, group: string) =>
    claims.findIndex((c) => c.count.best === best && c.victims.group === group && c.outcome === 'killed');

  it('makes the 13 and the 10 children parts of the 23, dated to their Saturday, with no cause of its own', () => {
    const total = find(23, 'children');
    expect(claims[find(13, 'children')]?.part_of).toBe(total);
    expect(claims[find(10, 'children')]?.part_of).toBe(total);
    expect(claims[total]?.part_of).toBeNull();
    expect(claims[total]?.date?.start).toBe('2012-12-29');
    expect(claims[total]?.cause).toBeNull();
  });

  it('marks "dozens" provisional and the video\'s nine men unverified, among the dozens', () => {
    const dozens = claims.findIndex((c) => c.count.qualifier === 'vague');
    expect(claims[dozens]).toMatchObject({ provisional: true, verification: null });
    const nine = claims[find(9, 'men')];
    expect(nine).toMatchObject({ verification: 'unverified', part_of: dozens });
    expect(claims.filter((c) => c.provisional)).toHaveLength(1);
    expect(claims.filter((c) => c.verification)).toHaveLength(1);
  });
});

describe('totals written after their parts', () => {
  it('"bringing the day\'s toll to 9" takes the town figures as its parts', () => {
    const claims = extract(
      'BEIRUT (Reuters) - Air strikes killed five people in Saraqeb on Monday, activists said. ' +
        "Shelling killed four people in Maarat al-Numan, bringing the day's toll in Idlib province to nine.",
      '2015-06-01',
    );
    const nine = claims.findIndex((c) => c.count.best === 9);
    expect(nine).toBeGreaterThanOrEqual(0);
    expect(claims.filter((c) => c.part_of === nine).map((c) => c.count.best)).toEqual([5, 4]);
  });

  it('leaves figures that do not add up, or add up two ways, alone', () => {
    const claims = extract(
      'BEIRUT (Reuters) - At least 10 people were killed across Syria on Monday, activists said. ' +
        'Five died in Aleppo, five in Homs and five in Hama.',
      '2015-06-01',
    );
    expect(claims.every((c) => c.part_of == null || claims[c.part_of]?.count.best !== 10)).toBe(true);
  });
});

describe('doubt in its own sentence', () => {
  it('a toll "expected to rise" is provisional; "could not be independently verified" the figure before it', () => {
    const claims = extract(
      'BAGHDAD (AP) - A car bomb killed 14 people in Baghdad on Friday, police said, and the toll was expected to rise. ' +
        'Militants said they killed 30 soldiers in Anbar. The claim could not be independently verified.',
      '2014-02-07',
    );
    expect(claims.map((c) => `${c.count.best} ${c.provisional} ${c.verification}`)).toEqual([
      '14 true null',
      '30 false unverified',
    ]);
  });
});
