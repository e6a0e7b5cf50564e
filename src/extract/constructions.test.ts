import { describe, expect, it } from 'vitest';
import { bundledResolver } from '../places/resolve.ts';
import { extractClaims } from './pipeline.ts';

// Constructions from the real-wire development set (src/extract/eval/wires/) that the rules missed.
const read = (text: string) =>
  extractClaims(text, { published: '2015-06-01', resolver: bundledResolver() }).claims.map(
    (c) => `${c.outcome} ${c.count.best} ${c.victims.group}`,
  );

describe('victims named by words the lexicon lacks', () => {
  it('counts them as the subject of a passive or intransitive outcome', () => {
    expect(read('At least 28 Taliban members had been killed.')).toEqual(['killed 28 combatants']);
    expect(read('More than 250 Iraqis have been killed in protests.')).toEqual(['killed 250 people']);
    expect(read('Three citizens were martyred in the strike.')).toEqual(['killed 3 people']);
    expect(read('Gunmen fatally shot an Afghan colonel in Kabul.')).toEqual(['killed 1 people']);
  });

  it('never takes the subject of an active verb for victims', () => {
    expect(read('Five car bombs killed 20 people.')).toEqual(['killed 20 people']);
    expect(read('A truck bomb killed 12 people.')).toEqual(['killed 12 people']);
    expect(read('The death toll rose to 34, up from 12 reported on Wednesday.')).toEqual([
      'killed 34 people',
      'killed 12 people',
    ]);
  });
});

describe('counts, lists and outcome phrases', () => {
  it('shares a verb across a list of three groups', () => {
    expect(read('Three soldiers, two civilians and one intelligence agent were also killed.')).toEqual([
      'killed 3 security_forces',
      'killed 2 civilians',
      'killed 1 security_forces',
    ]);
  });

  it('reads "another", a lone "one" after its verb, and injuries sustained', () => {
    expect(read('Another civilian was killed in Hama.')).toEqual(['killed 1 civilians']);
    expect(read('Another 35 residents were killed.')).toEqual(['killed 35 civilians']);
    expect(read('A rocket hit the market, killing one and wounding five.')).toEqual([
      'killed 1 people',
      'injured 5 people',
    ]);
    expect(read('22 insurgents also sustained injuries in the clash.')).toEqual(['injured 22 combatants']);
    expect(read('The strike killed a total of 192 healthcare workers.')).toEqual(['killed 192 civilians']);
    expect(read('Millions have been displaced by the war.')).toEqual(['displaced 1000000 people']);
  });

  it('reads "Among them are two children" as a part of the figure before', () => {
    const claims = extractClaims('Eleven people were killed on Monday. Among them are two children.', {
      published: '2015-06-01',
    }).claims;
    expect(claims[1]).toMatchObject({ count: { best: 2 }, victims: { group: 'children' }, part_of: 0 });
  });
});
