import type { ExtractedClaim } from '../extraction.ts';

/**
 * Scores extracted claims against hand-written expectations. A claim matches
 * when outcome and count agree; on matched claims the governorate, date,
 * victim group and source are compared.
 */
export interface ExpectedClaim {
  outcome: string;
  qualifier?: string;
  best?: number;
  min?: number;
  max?: number;
  group: string;
  affiliation?: string;
  admin1: string | null;
  date: string | null;
  source: string | null;
  cumulative?: boolean;
  part_of?: number;
  supersedes?: number;
}

export interface DevItem {
  id: string;
  published: string | null;
  text: string;
  expected: ExpectedClaim[];
  note?: string;
}

export interface Tally {
  expected: number;
  predicted: number;
  matched: number;
  admin1: number;
  date: number;
  group: number;
  source: number;
  cumulative: number;
}

export interface ItemScore extends Tally {
  problems: string[];
}

export const emptyTally = (): Tally => ({
  expected: 0,
  predicted: 0,
  matched: 0,
  admin1: 0,
  date: 0,
  group: 0,
  source: 0,
  cumulative: 0,
});

const sameCount = (e: ExpectedClaim, c: ExtractedClaim) =>
  e.best != null
    ? c.count.best === e.best
    : c.count.min === (e.min ?? null) && c.count.max === (e.max ?? null);

/** Governorate names differ in spelling between sources: "Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr". */
export function normaliseAdmin1(name: string | null | undefined): string | null {
  if (!name) return null;
  const flat = name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z]/g, '')
    .replace(/^(al|ar|as|ad|an|ash)(?=[a-z]{4,})/, '')
    .replace(/governorate|province/g, '');
  const aliases: Record<string, string> = {
    dayrazzawr: 'deirezzor',
    deirezzor: 'deirezzor',
    deirezor: 'deirezzor',
    deirazzor: 'deirezzor',
    hasakah: 'hasakah',
    hasakeh: 'hasakah',
    hasaka: 'hasakah',
    hassakeh: 'hasakah',
    raqqah: 'raqqa',
    suwayda: 'suwayda',
    sweida: 'suwayda',
    suwaydaa: 'suwayda',
    sweyda: 'suwayda',
    ninawa: 'nineveh',
    ninewa: 'nineveh',
    salahaddin: 'salahuddin',
    salahaldin: 'salahuddin',
    saladin: 'salahuddin',
    anbar: 'anbar',
    ladhiqiyah: 'latakia',
    lattakia: 'latakia',
    tartous: 'tartus',
    tartous_: 'tartus',
    damascuscountryside: 'rifdimashq',
    rifdimashq: 'rifdimashq',
    rifdimashk: 'rifdimashq',
    ruraldamascus: 'rifdimashq',
    dara: 'daraa',
    deraa: 'daraa',
    babylon: 'babil',
    karbala: 'karbala',
    kerbala: 'karbala',
    qunaytirah: 'quneitra',
    hims: 'homs',
    halab: 'aleppo',
    idleb: 'idlib',
  };
  return aliases[flat] ?? flat;
}

const normaliseText = (s: string | null | undefined) =>
  s
    ? s
        .toLowerCase()
        .replace(/^(the|a|an)\s+/, '')
        .trim()
    : null;

export function scoreItem(item: DevItem, claims: ExtractedClaim[]): ItemScore {
  const score: ItemScore = {
    ...emptyTally(),
    expected: item.expected.length,
    predicted: claims.length,
    problems: [],
  };
  const used = new Set<number>();
  for (const expected of item.expected) {
    const candidates = claims
      .map((claim, index) => ({ claim, index }))
      .filter(
        ({ claim, index }) =>
          !used.has(index) && claim.outcome === expected.outcome && sameCount(expected, claim),
      );
    const found = candidates.find(({ claim }) => claim.victims.group === expected.group) ?? candidates[0];
    const label = `${expected.outcome} ${expected.best ?? `${expected.min}-${expected.max}`} ${expected.group}`;
    if (!found) {
      score.problems.push(`missed: ${label}`);
      continue;
    }
    used.add(found.index);
    score.matched++;
    const { claim } = found;
    const check = (field: keyof Tally & string, ok: boolean, detail: string) => {
      if (ok) score[field as 'admin1']++;
      else score.problems.push(`${label}: ${field} ${detail}`);
    };
    check(
      'admin1',
      normaliseAdmin1(claim.place?.admin1) === normaliseAdmin1(expected.admin1),
      `expected ${expected.admin1}, got ${claim.place?.admin1 ?? null} (${claim.place?.text ?? 'no place'})`,
    );
    check(
      'date',
      (claim.date?.start ?? null) === expected.date,
      `expected ${expected.date}, got ${claim.date?.start ?? null} (${claim.date?.text ?? 'no date'})`,
    );
    check(
      'group',
      claim.victims.group === expected.group,
      `expected ${expected.group}, got ${claim.victims.group}`,
    );
    check(
      'source',
      normaliseText(claim.source?.name) === normaliseText(expected.source),
      `expected ${expected.source}, got ${claim.source?.name ?? null}`,
    );
    check(
      'cumulative',
      claim.cumulative === (expected.cumulative ?? false),
      `expected ${expected.cumulative ?? false}`,
    );
  }
  claims.forEach((claim, index) => {
    if (!used.has(index))
      score.problems.push(
        `extra: ${claim.outcome} ${claim.count.text} ${claim.victims.group} ("${item.text.slice(...claim.span)}")`,
      );
  });
  return score;
}

export function addTally(total: Tally, item: Tally): void {
  for (const key of Object.keys(total) as Array<keyof Tally>) total[key] += item[key];
}

export function summarise(total: Tally) {
  const precision = total.predicted === 0 ? 1 : total.matched / total.predicted;
  const recall = total.expected === 0 ? 1 : total.matched / total.expected;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const rate = (n: number) => (total.matched === 0 ? 0 : n / total.matched);
  return {
    precision,
    recall,
    f1,
    admin1: rate(total.admin1),
    date: rate(total.date),
    group: rate(total.group),
    source: rate(total.source),
    cumulative: rate(total.cumulative),
  };
}
