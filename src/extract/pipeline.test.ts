import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { zNewClaim } from '../intake/claim.ts';
import { toNewClaims, zExtraction } from './extraction.ts';
import { unreadableScript } from './input.ts';
import { extractClaims } from './pipeline.ts';
import { testResolver } from './test-resolver.ts';

const afp = readFileSync(new URL('./eval/fixtures/wire-afp-2012-12-30-homs.txt', import.meta.url), 'utf8');
const extract = (text: string, published: string | null = '2012-12-30') =>
  extractClaims(text, { published, resolver: testResolver }).claims;
const summary = (text: string, published?: string) =>
  extract(text, published).map(
    (c) => `${c.outcome} ${c.count.best ?? `${c.count.min}-${c.count.max}`} ${c.victims.group}`,
  );

describe('extractClaims on the AFP wire of 30 December 2012', () => {
  const claims = extract(afp);

  it('finds the eight casualty figures and nothing else', () => {
    expect(claims.map((c) => `${c.outcome} ${c.count.text} ${c.victims.group}`)).toEqual([
      'killed 23 children',
      'killed dozens people',
      'killed nine men',
      'killed 13 children',
      'killed 10 children',
      'injured three combatants',
      'killed a combatants',
      'killed at least 45,000 people',
    ]);
  });

  it('traces every claim to its words', () => {
    expect(claims.map((c) => afp.slice(c.span[0], c.span[1]))).toContain('10 children were killed');
    for (const claim of claims) expect(afp.slice(...claim.span)).toContain(claim.count.text);
  });

  it('resolves weekdays against the publication date and carries places across clauses', () => {
    const aleppo = claims[4];
    expect(aleppo?.date).toMatchObject({ start: '2012-12-29', precision: 'day' });
    expect(aleppo?.place).toMatchObject({ text: 'Aleppo province', admin1: 'Aleppo' });
    expect(aleppo?.cause?.type).toBe('air_drone_strike');
    expect(aleppo?.source?.name).toBe('Syrian Observatory for Human Rights');
    expect(claims[5]?.place?.admin1).toBe('Idlib'); // named in the sentence before
    expect(claims[5]?.cause?.type).toBe('gunfire');
  });

  it('marks the war toll as a running total', () => {
    expect(claims[7]).toMatchObject({ cumulative: true, count: { qualifier: 'at_least', min: 45_000 } });
    expect(claims.filter((c) => c.cumulative)).toHaveLength(1);
  });

  it('produces the documented JSON shape, convertible to intake claims', () => {
    const extraction = zExtraction.parse(
      extractClaims(afp, { published: '2012-12-30', resolver: testResolver }),
    );
    for (const claim of toNewClaims(extraction)) expect(zNewClaim.safeParse(claim).success).toBe(true);
  });
});

describe('extractClaims on single sentences', () => {
  it('splits "killed and wounded" into two claims', () => {
    expect(summary('A car bomb killed five people and wounded 12 others in Homs on Monday.')).toEqual([
      'killed 5 people',
      'injured 12 people',
    ]);
    expect(summary('Five people were killed and 12 wounded.')).toEqual([
      'killed 5 people',
      'injured 12 people',
    ]);
  });

  it('relates breakdowns to their total', () => {
    const claims = extract('At least 38 people, including six children, were killed, 16 of them in Homs.');
    expect(claims.map((c) => [c.count.best, c.victims.group, c.part_of])).toEqual([
      [38, 'people', null],
      [6, 'children', 0],
      [16, 'people', 0],
    ]);
    expect(claims[2]?.outcome).toBe('killed');
  });

  it('links a revised toll to the one it replaces', () => {
    const claims = extract('The Observatory raised the toll to 13, up from a previous toll of seven.');
    expect(claims.map((c) => [c.count.best, c.supersedes])).toEqual([
      [13, 1],
      [7, null],
    ]);
  });

  it('maps outcome words to the taxonomy', () => {
    expect(summary('Security forces arrested 30 activists.')).toEqual(['detained 30 protesters']);
    expect(summary('More than 40,000 people have fled the town.')).toEqual(['displaced 40000 people']);
    expect(summary('Three others remain missing.')).toEqual(['missing 3 people']);
    expect(summary('Gunmen abducted 14 pilgrims.')).toEqual(['detained 14 civilians']);
    expect(summary('A rebel was killed.')).toEqual(['killed 1 combatants']);
    expect(summary('Twelve Hezbollah fighters died.')).toEqual(['killed 12 combatants']);
  });

  it('gives nothing for negated, hypothetical or non-casualty numbers', () => {
    expect(summary('The government denied that 20 people were killed.')).toEqual([]);
    expect(summary('An assault could kill hundreds of civilians.')).toEqual([]);
    expect(summary('Fifteen soldiers defected to the rebels.')).toEqual([]);
    expect(summary('Syria and Jordan share a 370-kilometre-long (230-mile) border.')).toEqual([]);
    expect(summary('Jordan could be overrun by a million refugees.')).toEqual([]);
    expect(summary("Fighting may break out in Syria's five-million-strong capital.")).toEqual([]);
    expect(summary('The army deployed 200 tanks around the city of 2.5 million people in 2012.')).toEqual([]);
  });

  it('names the source', () => {
    const [observatory, state] = extract(
      'Rebels killed 12 soldiers in Idlib, the Observatory said, while state media said troops killed 30 terrorists.',
    );
    expect(observatory?.source?.name).toBe('Syrian Observatory for Human Rights');
    expect(state?.source?.name).toBe('SANA');
    expect(extract('Four people died, a medic at the hospital said.')[0]?.source).toEqual({
      text: 'a medic at the hospital',
      name: 'a medic at the hospital',
    });
  });

  it('resolves relative dates against the dateline or publication date', () => {
    const dateOf = (text: string) => extract(text, '2013-05-19')[0]?.date;
    expect(dateOf('Two people were killed yesterday.')).toMatchObject({
      start: '2013-05-18',
      end: '2013-05-18',
    });
    expect(dateOf('Two people were killed overnight.')).toMatchObject({
      start: '2013-05-18',
      end: '2013-05-19',
    });
    expect(dateOf('Two people were killed last week.')).toMatchObject({
      start: '2013-05-06',
      end: '2013-05-12',
      precision: 'week',
    });
    expect(dateOf('Two people were killed on May 2.')).toMatchObject({ start: '2013-05-02' });
    const dated = extractClaims('BEIRUT, Dec 30, 2012 (AFP) - Two people were killed on Saturday.').claims;
    expect(dated[0]?.date?.start).toBe('2012-12-29');
  });
});

describe('extractClaims on awkward input', () => {
  it('returns an empty list for empty text and articles without casualties', () => {
    expect(extractClaims('').claims).toEqual([]);
    expect(
      extractClaims('Peace envoy Lakhdar Brahimi met President Bashar al-Assad in Damascus on Monday.')
        .claims,
    ).toEqual([]);
  });

  it('says why an Arabic bulletin gives no claims, and stays quiet about English', () => {
    const arabic = 'قال المرصد السوري لحقوق الإنسان إن 12 مدنياً بينهم 5 أطفال قتلوا في غارات على أعزاز.';
    expect(extractClaims(arabic).claims).toEqual([]);
    expect(unreadableScript(arabic)).toMatch(/Arabic script.*English only/);
    expect(unreadableScript(afp)).toBeNull();
    // An English wire quoting an Arabic name is still English.
    expect(unreadableScript('Activists named the boy as محمد الأحمد, aged 12, killed in Homs.')).toBeNull();
  });

  it('rejects binary input with a clear error', () => {
    expect(() => extractClaims('\u0000\u0001\u0002PNG\u0000')).toThrow(/binary/);
  });

  it('handles 10 MB of text in linear time', () => {
    const paragraph = `${afp}\n\n`;
    const big = paragraph.repeat(Math.ceil(10_000_000 / paragraph.length));
    const started = performance.now();
    const claims = extractClaims(big, { published: '2012-12-30' }).claims;
    // The same wire 3,000 times over retells its figures: every telling is read, and folded.
    const tellings = claims.reduce((n, c) => n + 1 + c.also_at.length, 0);
    expect(tellings).toBeGreaterThan(1000);
    expect(performance.now() - started).toBeLessThan(45_000);
  });

  it('survives inputs built to make regular expressions backtrack', () => {
    const nasty = [
      'a'.repeat(200_000),
      '1,'.repeat(100_000),
      `BEIRUT ${'A '.repeat(50_000)}`,
      '.'.repeat(200_000),
      'killed '.repeat(50_000),
      `${'al-'.repeat(50_000)}x`,
      ' \n'.repeat(100_000),
    ];
    for (const text of nasty) {
      const started = performance.now();
      extractClaims(text);
      expect(performance.now() - started).toBeLessThan(5_000);
    }
  });
});
