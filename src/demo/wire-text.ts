import type { DemoPlace } from './places.ts';
import type { Rng } from './prng.ts';

/**
 * The words of the demo's reports: English wires in the register of the agencies (cause, toll,
 * place, day, attribution), and short Arabic field messages as activists send them.
 */
export type DemoCause =
  | 'air_drone_strike'
  | 'shelling_artillery_missile'
  | 'ied_car_bomb'
  | 'armed_clash'
  | 'sniper'
  | 'landmine';

export const causeWeights: Record<DemoCause, number> = {
  air_drone_strike: 30,
  shelling_artillery_missile: 32,
  ied_car_bomb: 8,
  armed_clash: 16,
  sniper: 6,
  landmine: 8,
};

const causeWords: Record<DemoCause, readonly string[]> = {
  air_drone_strike: ['An air strike', 'Air strikes', 'A drone strike', 'Russian air strikes'],
  shelling_artillery_missile: ['Shelling', 'Artillery shelling', 'Rocket fire', 'Government shelling'],
  ied_car_bomb: ['A car bomb', 'A roadside bomb', 'A bomb blast'],
  armed_clash: ['Clashes', 'Fighting', 'Heavy fighting'],
  sniper: ['Sniper fire'],
  landmine: ['A landmine', 'A landmine blast'],
};

const causeArabic: Record<DemoCause, string> = {
  air_drone_strike: 'غارة جوية',
  shelling_artillery_missile: 'قصف مدفعي',
  ied_car_bomb: 'انفجار سيارة مفخخة',
  armed_clash: 'اشتباكات',
  sniper: 'رصاص قناص',
  landmine: 'انفجار لغم أرضي',
};

export const weekdayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** How wires place a town: the Damascus countryside and the capital are named the way agencies do. */
export function placePhrase(place: DemoPlace): string {
  if (place.admin1.id === 'sy-damascus') return `in ${place.name_en}`;
  const area =
    place.admin1.id === 'sy-rif-dimashq' ? 'the Damascus countryside' : `${place.admin1.name_en} province`;
  return `in the town of ${place.name_en} in ${area}`;
}

const attributions = {
  observatory: ['the Syrian Observatory for Human Rights said', 'the Britain-based Observatory said'],
  activists: ['activists said', 'local activists said', 'opposition activists said'],
  medics: ['medics said', 'a local medical source said', 'rescue workers said'],
  state: ['state news agency SANA said', 'state media reported'],
} as const;
export type Attribution = keyof typeof attributions;

const afterwords = [
  'The toll was expected to rise as several of the wounded were in critical condition.',
  'Rescue workers were still searching the rubble.',
  'There was no immediate comment from the authorities.',
  'The area has seen an escalation of violence in recent weeks.',
  'Residents said the strikes hit a busy market.',
];

export interface Toll {
  total: number;
  children: number;
  women: number;
  /** Combatants rather than civilians (clashes). */
  fighters: boolean;
}

/** "An air strike killed 12 civilians, including 5 children, in the town of Aazaz in Aleppo province on Sunday, the Observatory said." */
export function wireText(
  rng: Rng,
  input: { cause: DemoCause; toll: Toll; place: DemoPlace; weekday: string; attribution: Attribution },
): string {
  const { toll } = input;
  const victims = toll.fighters ? 'fighters' : rng.pick(['civilians', 'people']);
  const qualifier = !toll.fighters && rng.chance(0.25) ? 'at least ' : '';
  const breakdown = [
    toll.children > 0 ? `${toll.children} ${toll.children === 1 ? 'child' : 'children'}` : null,
    toll.women > 0 ? `${toll.women} ${toll.women === 1 ? 'woman' : 'women'}` : null,
  ].filter(Boolean);
  const including = breakdown.length > 0 ? `, including ${breakdown.join(' and ')},` : '';
  const cause = rng.pick(causeWords[input.cause]);
  const lead = `${cause} killed ${qualifier}${toll.total} ${victims}${including} ${placePhrase(input.place)} on ${input.weekday}, ${rng.pick(attributions[input.attribution])}.`;
  return rng.chance(0.6) ? `${lead} ${rng.pick(afterwords)}` : lead;
}

/** "حلب - أعزاز: 12 شهيداً بينهم 5 أطفال جراء غارة جوية" */
export function fieldTextArabic(input: { cause: DemoCause; toll: Toll; place: DemoPlace }): string {
  const { toll } = input;
  const children =
    toll.children > 0 ? ` بينهم ${toll.children} ${toll.children === 1 ? 'طفل' : 'أطفال'}` : '';
  return `${input.place.admin1.name_ar} - ${input.place.name_ar}: ${arabicDead(toll.total)}${children} جراء ${causeArabic[input.cause]}`;
}

/** Arabic counts the dead with the noun's number: one, two, a few, many. */
function arabicDead(n: number): string {
  if (n === 1) return 'قتيل واحد';
  if (n === 2) return 'قتيلان';
  return n <= 10 ? `${n} قتلى` : `${n} قتيلاً`;
}
