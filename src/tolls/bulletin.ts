import { z } from 'zod';
import {
  arabicDead,
  arabicPeople,
  areaPhrase,
  causePhrase,
  dayPhrase,
  groupPhrase,
  joinList,
  type Lang,
  words,
} from './bulletin-words.ts';
import { describeCause } from './provisional.ts';
import { type TollFigure, zTollFigure } from './toll.ts';

/** A sentence whose numbers each point at the toll figure they come from. */
export const zSentence = z.object({
  text: z.string(),
  numbers: z.array(
    z.object({
      start: z.number(),
      end: z.number(),
      value: z.number(),
      figure: z.number().describe('Index into figures'),
    }),
  ),
});
export type Sentence = z.infer<typeof zSentence>;

export const zBulletin = z.object({
  date: z.string(),
  lang: z.enum(['en', 'ar']),
  country: z.string(),
  grades: z.array(z.string()),
  headline: zSentence,
  breakdown: z.array(zSentence),
  notes: z.array(zSentence),
  text: z.string(),
  figures: z.array(zTollFigure).describe('The tolls every number in the text comes from'),
});
export type Bulletin = z.infer<typeof zBulletin>;

export interface BulletinInput {
  date: string;
  lang: Lang;
  country: { id: string; name_en: string; name_ar: string | null };
  grades: string[];
  /** Killed, group 'all' and each group, across the country. */
  national: TollFigure[];
  /** Killed per admin1 and group. */
  byArea: TollFigure[];
  /** Killed per admin1, group and cause: only for the words ("in air strikes"). */
  byCause: TollFigure[];
  /** Killed, group all, in grades not counted above. */
  uncorroborated: TollFigure | undefined;
}

type Part = string | { value: number; figure: TollFigure };

/** Drafts the bulletin from tolls alone: every number it prints is a figure's conservative low. */
export function composeBulletin(input: BulletinInput): Bulletin {
  const { lang } = input;
  const w = words[lang];
  const figures: TollFigure[] = [];
  const sentence = (...parts: Part[]): Sentence => {
    let text = '';
    const numbers: Sentence['numbers'] = [];
    for (const part of parts) {
      if (typeof part === 'string') text += part;
      else {
        let index = figures.indexOf(part.figure);
        if (index < 0) index = figures.push(part.figure) - 1;
        const digits = String(part.value);
        numbers.push({
          start: text.length,
          end: text.length + digits.length,
          value: part.value,
          figure: index,
        });
        text += digits;
      }
    }
    return { text, numbers };
  };
  const countryName =
    lang === 'en' ? input.country.name_en : (input.country.name_ar ?? input.country.name_en);
  const day = dayPhrase(lang, input.date);
  const total = input.national.find((f) => f.victim_group === 'all');
  const areasOf = (group: string) =>
    input.byArea
      .filter((f) => f.victim_group === group && f.low > 0)
      .sort((a, b) => b.low - a.low || (a.area?.id ?? '').localeCompare(b.area?.id ?? ''));
  const causeOf = (f: TollFigure) => {
    const causes = input.byCause.filter(
      (c) => c.area?.id === f.area?.id && c.victim_group === f.victim_group && c.low > 0,
    );
    // Words only when one cause accounts for the whole figure; otherwise no cause is claimed.
    return causes.length === 1 ? causePhrase(lang, causes[0]?.cause ?? null) : null;
  };
  const areaParts = (group: string): Part[] => {
    const parts: Part[] = [];
    const areas = areasOf(group);
    areas.forEach((f, i) => {
      if (i > 0) parts.push(lang === 'en' ? (i === areas.length - 1 ? ' and ' : ', ') : '، و');
      const cause = causeOf(f);
      parts.push({ value: f.low, figure: f }, ' ', ...(cause ? [cause, ' '] : []), areaPhrase(lang, f.area));
    });
    return parts;
  };

  if (!total || total.low === 0) {
    const headline = sentence(w.none(countryName, day));
    return finish(input, headline, [], notes(), figures);
  }
  const lead = lang === 'en' ? 'At least ' : `${w.atLeast} `;
  const noun =
    lang === 'en'
      ? ` ${groupPhrase(lang, 'all')} ${w.killedAcross(countryName)} ${day}`
      : ` ${arabicPeople(total.low)} ${w.killedAcross(countryName)} ${day}`;
  const headline = sentence(lead, { value: total.low, figure: total }, noun, ': ', ...areaParts('all'), '.');
  const breakdown: Sentence[] = [];
  for (const group of input.national.filter(
    (f) => !['all', 'people'].includes(f.victim_group) && f.low > 0,
  )) {
    const among = lang === 'en' ? `${w.among} ` : `${w.among} `;
    const label =
      lang === 'en'
        ? ` ${groupPhrase(lang, group.victim_group)}`
        : ` من ${groupPhrase(lang, group.victim_group)}`;
    const areas = areaParts(group.victim_group);
    breakdown.push(
      sentence(
        among,
        { value: group.low, figure: group },
        label,
        ...(areas.length > 0 ? [': ', ...areas] : []),
        '.',
      ),
    );
  }
  if (total.high > total.low) {
    const [best, high] = [total.best, total.high];
    const text = w.upTo(best, high);
    const at = (n: number, from = 0) => text.indexOf(String(n), from);
    const bestAt = at(best);
    const highAt = at(high, bestAt + String(best).length);
    breakdown.push(
      sentence(
        text.slice(0, bestAt),
        { value: best, figure: total },
        text.slice(bestAt + String(best).length, highAt),
        { value: high, figure: total },
        text.slice(highAt + String(high).length),
      ),
    );
  }
  return finish(input, headline, breakdown, notes(), figures);

  function notes(): Sentence[] {
    const out: Sentence[] = [];
    // Each reason once: the country-wide note only adds what no province's note already said.
    const said = new Set<string>();
    for (const f of [...input.byArea.filter((a) => a.victim_group === 'all'), ...(total ? [total] : [])]) {
      if (!f.provisional) continue;
      const areaName = f.area
        ? lang === 'en'
          ? f.area.name_en
          : (f.area.name_ar ?? f.area.name_en)
        : countryName;
      const reasons = [...new Set(f.provisional_causes.map((c) => describeCause(c, lang)))].filter(
        (r) => !said.has(r),
      );
      if (reasons.length === 0) continue;
      for (const r of reasons) said.add(r);
      out.push(sentence(w.provisional(areaName, joinList(lang, reasons))));
    }
    const u = input.uncorroborated;
    if (u && u.low > 0)
      out.push(
        sentence(
          `${w.uncorroborated} `,
          { value: u.low, figure: u },
          lang === 'en' ? ' deaths.' : ` ${arabicDead(u.low)}.`,
        ),
      );
    return out;
  }
}

function finish(
  input: BulletinInput,
  headline: Sentence,
  breakdown: Sentence[],
  notes: Sentence[],
  figures: TollFigure[],
): Bulletin {
  const sentences = [headline, ...breakdown, ...notes];
  return {
    date: input.date,
    lang: input.lang,
    country: input.country.id,
    grades: input.grades,
    headline,
    breakdown,
    notes,
    text: sentences.map((s) => s.text).join(input.lang === 'en' ? ' ' : ' '),
    figures,
  };
}
