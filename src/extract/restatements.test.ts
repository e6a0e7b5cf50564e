import { describe, expect, it } from 'vitest';
import { bundledResolver } from '../places/resolve.ts';
import { extractClaims } from './pipeline.ts';

const extract = (text: string, published: string) =>
  extractClaims(text, { published, resolver: bundledResolver() }).claims;

describe('one figure told several times is one claim', () => {
  it('folds the headline and a later "the 12 dead" into the lead, keeping every telling as also_at', () => {
    const text =
      'Car bomb kills 12 in Homs\n\n' +
      'HOMS, Syria (AP) -- A car bomb killed at least 12 people in Homs on Monday, activists said.\n\n' +
      'The blast hit a crowded market. The 12 dead included three children, the Observatory said.';
    const claims = extract(text, '2013-04-29');
    const twelve = claims.filter((c) => c.outcome === 'killed' && c.count.best === 12);
    expect(twelve).toHaveLength(1);
    const [claim] = twelve;
    expect(text.slice(...(claim?.span ?? [0, 0]))).toContain('killed at least 12 people');
    expect(claim?.also_at.map((s) => text.slice(...s))).toEqual([
      expect.stringContaining('kills 12'),
      expect.stringContaining('12 dead'),
    ]);
    expect(claim?.place?.admin1).toBe('Homs');
    expect(claim?.date?.start).toBe('2013-04-29');
    // The children are still a part of the one figure.
    const children = claims.find((c) => c.victims.group === 'children');
    expect(children?.part_of).toBe(claims.indexOf(claim as (typeof claims)[number]));
  });

  it('keeps two equal figures for two places, and two in one sentence, apart', () => {
    const claims = extract(
      'BEIRUT (Reuters) - Shelling killed four people in Aleppo on Monday, and four people died in Hama, activists said.\n\n' +
        'In Idlib, four people were killed by an air strike, the Observatory said.',
      '2014-03-03',
    );
    expect(claims.map((c) => `${c.count.best} ${c.place?.admin1}`)).toEqual([
      '4 Aleppo',
      '4 Hama',
      '4 Idlib',
    ]);
    expect(claims.every((c) => c.also_at.length === 0)).toBe(true);
  });

  it('reads a headline figure the body never restates', () => {
    const claims = extract(
      'Air strikes kill 20 in Idlib\n\nBEIRUT (Reuters) - Warplanes pounded Idlib province on Sunday, activists said.',
      '2016-05-01',
    );
    expect(claims.map((c) => `${c.outcome} ${c.count.best} ${c.place?.admin1}`)).toEqual(['killed 20 Idlib']);
  });
});
