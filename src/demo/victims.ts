import { arabicName, drawPerson } from './names.ts';
import type { DemoPlace } from './places.ts';
import type { Rng } from './prng.ts';
import type { DemoCause, Toll } from './wire-text.ts';

/** One row of a victim list file, in the columns `tally victims import` reads. */
export type VictimRow = Record<string, string>;

const causeText: Record<DemoCause, string> = {
  air_drone_strike: 'air strike',
  shelling_artillery_missile: 'shelling',
  ied_car_bomb: 'car bomb',
  armed_clash: 'clashes',
  sniper: 'sniper',
  landmine: 'landmine',
};

/**
 * The named dead of one incident, as two lists give them: the activists' list in Arabic
 * script with the full name in one cell, and for about half of them a hospital register in
 * Latin script with the name split and the date written the way registers write it. Linkage
 * can join the two across scripts.
 */
export function victimRows(
  rng: Rng,
  input: { toll: Toll; day: string; place: DemoPlace; cause: DemoCause; count: number },
): { arabic: VictimRow[]; latin: VictimRow[] } {
  const arabic: VictimRow[] = [];
  const latin: VictimRow[] = [];
  const { toll, day, place, cause } = input;
  for (let i = 0; i < input.count; i++) {
    const kind = i < toll.children ? 'child' : i < toll.children + toll.women ? 'woman' : 'man';
    const person = drawPerson(rng, kind);
    const status = toll.fighters ? 'combatant' : 'civilian';
    arabic.push({
      name: arabicName(person),
      sex: person.sex,
      age: String(person.age),
      status,
      date_of_death: day,
      place: place.name_ar,
      governorate: place.admin1.name_ar,
      place_id: place.id,
      cause: causeText[cause],
    });
    if (rng.chance(0.5)) {
      const [y, m, d] = day.split('-');
      latin.push({
        given_name: person.latin.given,
        father_name: person.latin.father,
        family_name: person.latin.family,
        sex: person.sex === 'male' ? 'M' : 'F',
        // Registers estimate ages: now and then a year off.
        age: String(Math.max(0, person.age + (rng.chance(0.2) ? rng.int(-1, 1) : 0))),
        status,
        date_of_death: `${d}-${m}-${y}`,
        place: place.name_en,
        governorate: place.admin1.name_en,
        place_id: place.id,
        cause: causeText[cause],
      });
    }
  }
  return { arabic, latin };
}
