import { describe, expect, it } from 'vitest';
import { bundledResolver } from '../places/resolve.ts';
import { extractClaims } from './pipeline.ts';

// Wire prose from Syria, Iraq, Gaza and Lebanon read with the shipped gazetteer, as the worker
// reads it: each describe is a construction that real wires use and that the rules once misread.
const extract = (text: string, published: string) =>
  extractClaims(text, { published, resolver: bundledResolver() }).claims;

describe('extractClaims on wires beyond Syria, with the shipped gazetteer', () => {
  it('reads a Gaza wire as Palestinian: its neighbourhoods, a family of seven and the children among them', () => {
    const claims = extract(
      'GAZA CITY, Nov 3 (Reuters) - Israeli strikes killed 27 Palestinians across the Gaza Strip overnight, ' +
        'including 11 in the Shujaiya neighbourhood of Gaza City, the civil defence agency said on Monday.\n\n' +
        'A strike on a house in Khan Younis killed a family of seven, among them four children, medics said.',
      '2024-11-04',
    );
    expect(
      claims.map((c) => `${c.count.best} ${c.victims.group} @ ${c.place?.name} (${c.place?.country})`),
    ).toEqual([
      '27 people @ Gaza Strip (PS)',
      '11 people @ Shujaiya (PS)',
      '7 civilians @ Khan Yunis (PS)',
      '4 children @ Khan Yunis (PS)',
    ]);
    expect(claims[0]?.cause?.type).toBe('air_drone_strike');
    // The children are counted among the family, not among the overnight toll.
    expect(claims[3]?.part_of).toBe(2);
  });

  it('reads a Baghdad wire: Sadr City, a revised toll for another bombing, and a comparison that is no running total', () => {
    const claims = extract(
      "BAGHDAD (Reuters) - At least 35 people were killed when a car bomb exploded in Baghdad's Sadr City on Thursday, police said.\n\n" +
        'Separately, three militants were killed in clashes near Tal Afar, a military statement said.\n\n' +
        "The death toll from Sunday's suicide bombing in Karrada rose to 292, the health ministry said, " +
        'making it the deadliest single attack in the capital since 2003.',
      '2016-07-07',
    );
    expect(claims.map((c) => `${c.count.best} @ ${c.place?.name}`)).toEqual([
      '35 @ Sadr City',
      "3 @ Tall 'Afar",
      '292 @ Karrada',
    ]);
    const karrada = claims[2];
    expect(karrada?.cumulative).toBe(false);
    expect(karrada?.date).toMatchObject({ start: '2016-07-03', precision: 'day' });
    // A new toll for Karrada does not revise the clashes near Tal Afar.
    expect(karrada?.supersedes).toBeNull();
  });

  it('places a figure in the town named after it inside the province named before, unless the toll is province-wide', () => {
    const [saraqeb, acrossAleppo] = extract(
      'In Idlib province, two children died when a barrel bomb hit their home in Saraqeb, the Observatory said.\n\n' +
        'Ten children were killed in air strikes across Aleppo province, including on rebel-held Aazaz.',
      '2017-05-04',
    );
    expect(saraqeb?.place).toMatchObject({ name: 'Saraqib', admin1: 'Idlib', precision: 'locality' });
    expect(acrossAleppo?.place).toMatchObject({ admin1: 'Aleppo', precision: 'admin1' });
  });

  it('reads a Beirut wire as Lebanese', () => {
    const claims = extract(
      "BEIRUT (AFP) - An Israeli strike wounded eight people in Dahiyeh on Tuesday, Lebanon's health ministry said.",
      '2024-10-29',
    );
    expect(claims[0]?.place).toMatchObject({ name: 'Dahiyeh', country: 'LB', admin1: 'Mount Lebanon' });
  });
});

describe('extractClaims on an Iraq Body Count style roundup', () => {
  const claims = extract(
    "BAGHDAD, March 5 (Reuters) - Police found the bodies of 15 men in Baghdad's Dora district, an official said on Sunday.\n\n" +
      'Gunmen killed a shopkeeper in Mosul.\n\n' +
      'Three civilians were killed and five wounded when a roadside bomb struck their minibus near Baquba.\n\n' +
      'The attacks brought to 85 the number of people killed in Iraq since Friday.',
    '2006-03-05',
  );

  it('counts a victim named by trade, and the wounded of a coordinated phrase in the same group', () => {
    expect(claims.map((c) => `${c.outcome} ${c.count.best} ${c.victims.group}`)).toEqual([
      'killed 15 men',
      'killed 1 civilians',
      'killed 3 civilians',
      'injured 5 civilians',
      'killed 85 people',
    ]);
  });

  it('reads "brought to 85 the number of people killed" as a running total that revises no incident', () => {
    expect(claims[4]).toMatchObject({ cumulative: true, supersedes: null });
    expect(claims[4]?.place?.country).toBe('IQ');
  });
});

describe('extractClaims on constructions wires use', () => {
  const claims = extract(
    'DAMASCUS, Feb 8 (AFP) - The army said it had killed "dozens of terrorists" in Idlib.\n\n' +
      'Eight members of one family were among 25 people killed in Douma.\n\n' +
      'A total of 3,000 people were displaced by the fighting in Daraa province.',
    '2013-02-08',
  );

  it('reads a count in quotation marks, a part named before its whole, and "a total of" as one event', () => {
    expect(claims.map((c) => `${c.outcome} ${c.count.best} ${c.victims.group}`)).toEqual([
      'killed 12 combatants',
      'killed 8 civilians',
      'killed 25 people',
      'displaced 3000 people',
    ]);
    // 25 is the whole the family belongs to, not a part of the figure before it.
    expect(claims[2]?.part_of).toBeNull();
    expect(claims[3]?.cumulative).toBe(false);
  });
});

describe('extractClaims with a landmark beside the place', () => {
  it('takes the place, not the city named to locate it', () => {
    const claims = extract(
      'BEIRUT, Aug 22 (Reuters) - A suspected chemical attack on the Ghouta region near Damascus killed at least 300 people on Wednesday, activists said.\n\n' +
        'Shelling killed four people in the town of Azaz, 30 km north of Aleppo, on Thursday.',
      '2013-08-22',
    );
    expect(claims.map((c) => c.place?.name)).toEqual(['Eastern Ghouta', 'Azaz']);
  });
});

describe('extractClaims on families', () => {
  it('counts a woman and her children, and brothers, each as said', () => {
    const claims = extract(
      'IDLIB, June 3 (Reuters) - A woman and her three children were killed when a shell hit their home in Maarat al-Numan on Sunday.\n\n' +
        'Two brothers were killed in an air strike on Kafranbel.',
      '2018-06-03',
    );
    expect(claims.map((c) => `${c.outcome} ${c.count.best} ${c.victims.group}`)).toEqual([
      'killed 1 women',
      'killed 3 children',
      'killed 2 people',
    ]);
  });
});

describe('extractClaims on words that end a place or change a figure', () => {
  it('ends a place name before "at 10 am", and reads deaths among the wounded as deaths', () => {
    const claims = extract(
      'BEIRUT, May 2 (AFP) - A 15-year-old boy was killed by a sniper in Douma at 10 am on Tuesday, activists said.\n\n' +
        'The World Food Programme said 4,000 families had fled in the past week.\n\n' +
        'Two of the wounded, aged 25 and 30, later died in hospital.',
      '2016-05-02',
    );
    expect(claims[0]?.place).toMatchObject({ text: 'Douma', name: 'Douma' });
    expect(claims.map((c) => `${c.outcome} ${c.count.best}`)).toEqual([
      'killed 1',
      'displaced 4000',
      'killed 2',
    ]);
    expect(claims[2]?.part_of).toBeNull();
  });
});

describe('extractClaims on a place the gazetteer lacks', () => {
  it("keeps it as written, without an id, rather than borrowing the previous sentence's place", () => {
    const claims = extract(
      'BEIRUT, May 2 (AFP) - Two children were killed in Idlib on Monday, activists said.\n\n' +
        'Three people were killed in shelling on the village of Tal Jabin.',
      '2016-05-02',
    );
    expect(claims[1]?.place).toMatchObject({ text: 'Tal Jabin', id: null, admin1: null });
  });

  it('places a death "along the frontier with Jordan" on the wire\'s side of it, in the governorate on that border', () => {
    const [rebel] = extract(
      'In the south, a rebel was killed on Sunday in battles for control of border crossings along the regime-held frontier with Jordan, the Observatory said.',
      '2012-12-30',
    );
    expect(rebel?.place).toMatchObject({ country: 'SY', admin1: 'Daraa', precision: 'admin1' });
    const [soldier] = extract(
      'A soldier was killed on Monday in clashes along the border with Turkey, state media said.',
      '2013-03-04',
    );
    expect(soldier?.place).toMatchObject({ country: 'SY', admin1: 'Aleppo' });
  });

  it('places "in and around Damascus" in both governorates, at admin1 precision', () => {
    const [children] = extract(
      'The Observatory said 13 children were among the victims of bombardments in and around Damascus on Saturday.',
      '2012-12-30',
    );
    expect(children?.place).toMatchObject({
      admin1: 'Damascus',
      precision: 'admin1',
      covers: ['sy-damascus', 'sy-rif-dimashq'],
    });
  });

  it('makes the parts of a running total running totals too', () => {
    const claims = extract(
      'Thus, the death toll of civilians killed by Russian warplanes since the beginning of the year rises to 318, including 80 children and 45 women.',
      '2019-05-10',
    );
    expect(claims.map((c) => `${c.count.best} ${c.cumulative}`)).toEqual(['318 true', '80 true', '45 true']);
    expect(claims[1]?.place).toBeNull();
  });
});

describe('extractClaims on dates counted back and groups after a possessive', () => {
  it('dates "two days ago" from the publication date, and reads "20 of their fighters"', () => {
    const claims = extract(
      'Four soldiers died two days ago in an ambush near Hama.\n\nRebels said 20 of their fighters died last month in Qusayr.',
      '2013-10-05',
    );
    expect(claims[0]?.date).toMatchObject({ start: '2013-10-03', end: '2013-10-03', precision: 'day' });
    expect(claims[1]).toMatchObject({ count: { best: 20 }, victims: { group: 'combatants' } });
    expect(claims[1]?.date).toMatchObject({ start: '2013-09-01', end: '2013-09-30' });
  });
});

describe('extractClaims on a story told over several paragraphs', () => {
  it('places later tolls without a place where the story is', () => {
    const claims = extract(
      'QAMISHLI, Syria, July 27 (Reuters) - Two suicide bombings killed at least 44 people in the Kurdish-controlled city of Qamishli on Wednesday, Kurdish security forces said.\n\n' +
        'The first blast, from a truck bomb, hit near the headquarters of the internal security police.\n\n' +
        'The Syrian Observatory for Human Rights put the toll at 48, including five children.',
      '2016-07-28',
    );
    expect(claims.map((c) => `${c.count.best} @ ${c.place?.name}`)).toEqual([
      '44 @ Qamishli',
      '48 @ Qamishli',
      '5 @ Qamishli',
    ]);
  });
});

describe('extractClaims on casualties of either kind', () => {
  it('counts neither deaths nor injuries from "killed or wounded" and "dead or injured"', () => {
    const claims = extract(
      'The group said it had killed or wounded 100 soldiers.\n\nThe strike left 40 dead or injured.\n\nFive people were killed and 12 wounded.',
      '2016-01-01',
    );
    expect(claims.map((c) => `${c.outcome} ${c.count.best}`)).toEqual(['killed 5', 'injured 12']);
  });
});

describe('extractClaims on a part of a number named in the same phrase', () => {
  it('reads "3 of the 10 suspects were killed" as three deaths, not a part of the figure before', () => {
    const claims = extract(
      'The attack killed about 1,400 people in Ghouta.\n\nPolice said 3 of the 10 suspects were killed in a raid.',
      '2017-04-06',
    );
    expect(claims[1]).toMatchObject({ count: { best: 3 }, part_of: null });
  });
});

describe('extractClaims on a place named by its parts', () => {
  it('reads "Idlib\'s southern countryside" as the governorate and "Aleppo\'s eastern districts" as the city', () => {
    const claims = extract(
      "Five people were killed in Idlib's southern countryside.\n\nSix were killed in Aleppo's eastern districts.",
      '2016-01-01',
    );
    expect(claims.map((c) => `${c.place?.name} ${c.place?.precision}`)).toEqual([
      'Idlib admin1',
      'Aleppo locality',
    ]);
  });
});

describe('extractClaims on the sides wires name', () => {
  it('reads IS, the SDF and peacekeepers', () => {
    const claims = extract(
      'Eleven IS jihadists were killed.\n\nSixteen Syrian Democratic Forces fighters were killed.\n\nTwo UN peacekeepers were wounded.',
      '2016-01-01',
    );
    expect(
      claims.map((c) => `${c.outcome} ${c.count.best} ${c.victims.group}/${c.victims.affiliation}`),
    ).toEqual([
      'killed 11 combatants/Islamic State',
      'killed 16 combatants/Syrian Democratic Forces',
      'injured 2 people/null',
    ]);
  });
});

describe('extractClaims on two places in one sentence', () => {
  it('gives each figure the place of its own clause', () => {
    const claims = extract(
      'In Homs, five civilians died, while in Hama three soldiers were killed.\n\n' +
        'Clashes in Deir ez-Zor killed 14 fighters, and shelling in Daraa killed six civilians.\n\n' +
        'Clashes in Tal Jabin killed 4 fighters, and shelling in Daraa killed two civilians.\n\n' +
        'In Aleppo province, shelling on the village of Tal Jabin killed three people.',
      '2016-01-04',
    );
    expect(claims.map((c) => `${c.count.best} @ ${c.place?.name ?? c.place?.text}`)).toEqual([
      '5 @ Homs',
      '3 @ Hama',
      '14 @ Deir ez-Zor',
      '6 @ Daraa',
      // The village is not in the gazetteer: kept as written, not put in Daraa.
      '4 @ Tal Jabin',
      '2 @ Daraa',
      // A province named in another clause may hold it.
      '3 @ Aleppo',
    ]);
  });
});

describe('extractClaims on a figure that leaves out its verb', () => {
  it('reads "killed 12 people in Idlib and eight in Aleppo" as two figures in two places', () => {
    const claims = extract(
      'Air strikes killed 12 people in Idlib and eight in Aleppo on Monday.',
      '2016-01-04',
    );
    expect(claims.map((c) => `${c.outcome} ${c.count.best} ${c.victims.group} @ ${c.place?.name}`)).toEqual([
      'killed 12 people @ Idlib',
      'killed 8 people @ Aleppo',
    ]);
  });
});

describe('extractClaims on spans of days', () => {
  it('dates "over the weekend" and "between Saturday and Monday" as spans', () => {
    const claims = extract(
      'Two people were killed in Homs over the weekend.\n\nThree were killed in Hama between Saturday and Monday.',
      '2016-08-24',
    );
    expect(claims.map((c) => `${c.date?.start}..${c.date?.end}`)).toEqual([
      '2016-08-20..2016-08-21',
      '2016-08-20..2016-08-22',
    ]);
  });
});
