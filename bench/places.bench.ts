/**
 * Place resolution throughput on one core: `npm run bench:places`.
 * Three workloads: exact and variant spellings, typos that need the fuzzy step, and whole
 * sentences of wire prose. Each runs for about a second, five times; the median is reported.
 */
import { cpus } from 'node:os';
import { bundledPlaces } from '../src/places/gazetteer-data.ts';
import { buildPlaceIndex } from '../src/places/place-index.ts';
import { createResolver } from '../src/places/resolve.ts';

const exactAndVariant = [
  'Aleppo',
  'Aleppo province',
  'Damascus countryside',
  'Aazaz',
  "A'zaz",
  'أعزاز',
  'Maaret al-Numan',
  'معرة النعمان',
  'Deir al-Zour',
  'Deraa',
  'درعا',
  'Hassakeh',
  'Idleb',
  'rebel-held Aazaz',
  'in and around Damascus',
  'Homs',
  "Homs' Khalidiyeh neighbourhood",
  'the northwestern province of Idlib',
  'Rif Dimashq',
  'Douma',
  'Kafr Nabl',
  'Qamishli',
];
const fuzzy = [
  'Jisr al-Shugur',
  'Qamishlli',
  'Maarrat al-Nouman',
  'Khan Shaykhoun',
  'Zabadanee',
  'Talbiseh',
  'Salamiyye',
  'Qardahah',
];
const prose = [
  'At least 13 children were among the victims in Damascus, the Syrian Observatory for Human Rights said, and 10 children were killed in Aleppo province, including in rebel-held Aazaz near the Turkish border.',
  'Regime aircraft struck Douma and Harasta in Damascus countryside on Saturday, while clashes raged in the eastern city of Deir ez-Zor.',
  'قتل 13 طفلا في ريف دمشق وحلب، بحسب المرصد السوري لحقوق الإنسان.',
];

function rate(texts: string[], resolve: (t: string) => unknown, ms = 1000): number {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (const text of texts) resolve(text);
    n += texts.length;
    now = performance.now();
  }
  return n / ((now - start) / 1000);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const loadStart = performance.now();
const places = bundledPlaces();
const index = buildPlaceIndex(places);
const resolver = createResolver(index);
const buildMs = performance.now() - loadStart;

const resolve = (text: string) => resolver.resolve(text, { country: 'SY' });
// Warm up the JIT and the word-folding cache before timing.
for (let i = 0; i < 2000; i++) for (const text of [...exactAndVariant, ...fuzzy, ...prose]) resolve(text);

const results: Record<string, number> = {};
for (const [name, texts] of Object.entries({
  exact_and_variant: exactAndVariant,
  fuzzy,
  prose_sentences: prose,
})) {
  results[name] = Math.round(median(Array.from({ length: 5 }, () => rate(texts, resolve))));
}

const report = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  places: places.length,
  index_build_ms: Math.round(buildMs),
  resolutions_per_second: results,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
