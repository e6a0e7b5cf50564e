import { sha256Hex } from '../core/canonical-json.ts';
import { computeCounts } from '../incidents/consolidate.counts.ts';
import { type GradingInput, gradeIncident } from '../incidents/grading.ts';
import { eventTaxonomy, grades } from '../incidents/incident.ts';
import { causes, countQualifiers, datePrecisions, knownVictimGroups, outcomes } from '../intake/claim.ts';
import { placeLevels } from '../places/place.ts';
import { sourceKinds } from '../sources/source.ts';
import { defaultTollSettings, type TollSettings } from '../tolls/toll-settings.ts';
import { acledColumns } from './acled.present.ts';
import {
  acledEventLabels,
  acledGeoPrecision,
  acledSubEventLabels,
  acledTime,
  sourceScaleOfKind,
  ucdpDatePrecision,
  ucdpWherePrecision,
} from './codes.ts';
import type { Column } from './csv.ts';
import { geojsonProperties } from './geojson.present.ts';
import { hxlColumns } from './hxl.present.ts';
import { tollColumns, victimColumns } from './tables.present.ts';
import { ucdpColumns } from './ucdp.present.ts';

/**
 * The codebook: Tally's categories, count rules, grading rules and precision codes, written from
 * the code's own lists and by running the code's own rules on worked examples, so it cannot say
 * one thing while the code does another. Its version is a hash of its text: any change to a
 * rule, a code or a setting gives a new version, and every export names the version it follows.
 */

const qualifierMeaning: Record<(typeof countQualifiers)[number], string> = {
  exact: '"13": min = best = max',
  at_least: '"at least 13": min 13, no max unless stated',
  at_most: '"up to 13": max 13',
  approx: '"some 13", "about 13": best 13',
  range: '"10 to 15": min 10, max 15',
  vague: '"dozens": ACLED\'s convention (tens 10, dozens 12, hundreds 100) as min and best',
  unknown: '"people were killed", no number: no figure',
};

const gradeMeaning: Record<(typeof grades)[number], string> = {
  unverified: 'No claim reviewed by an analyst yet, or no source gave a figure',
  weak: 'A single independent source',
  fair: 'Two or more independent sources agree',
  confirmed: 'Acknowledged by a belligerent, or verified evidence plus two independent sources',
  contested: 'Sources disagree on the figures beyond the threshold, or on the perpetrator',
  discounted: 'The only evidence was rejected and no second source stands behind it',
};

const table = (head: string[], rows: unknown[][]) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map((c) => String(c ?? '').replace(/\|/g, '\\|')).join(' | ')} |`),
  ].join('\n');

const columnTable = (columns: Column[]) =>
  columns.some((c) => c.tag)
    ? table(
        ['column', 'HXL hashtag', 'meaning'],
        columns.map((c) => [`\`${c.name}\``, `\`${c.tag}\``, c.about]),
      )
    : table(
        ['column', 'meaning'],
        columns.map((c) => [`\`${c.name}\``, c.about]),
      );

function countExample(): string {
  const claim = (
    id: string,
    report: string,
    order: number,
    group: string,
    min: number | null,
    best: number | null,
    max: number | null,
  ) => ({
    id,
    report_id: report,
    received_order: order,
    independence_group: group,
    outcome: 'killed',
    victim_group: 'civilians',
    count_min: min,
    count_best: best,
    count_max: max,
    part_of_id: null,
  });
  const claims = [
    claim('c1', 'r1', 1, 'A', 5, 5, 5),
    claim('c2', 'r2', 2, 'A', 7, 7, 7),
    claim('c3', 'r3', 3, 'B', 9, 9, null),
    claim('c4', 'r4', 4, 'C', 10, 12, 14),
  ];
  const [c] = computeCounts(claims);
  return [
    'Worked example, computed by the code: source group A says 5 and later 7; group B says "at least 9";',
    'group C says "10 to 14, probably 12".',
    '',
    table(
      ['figure', 'value', 'rule'],
      [
        ['low', c?.low, c?.low_rule],
        ['best', c?.best, c?.best_rule],
        ['high', c?.high, c?.high_rule],
      ],
    ),
  ].join('\n');
}

function gradeExamples(settings: TollSettings): string {
  const base: GradingInput = {
    independentSources: 1,
    anyAccepted: true,
    figureDisputes: [],
    perpetrators: [],
  };
  const cases: Array<[string, GradingInput]> = [
    ['no claim reviewed', { ...base, anyAccepted: false }],
    ['one independent source', base],
    ['two independent sources', { ...base, independentSources: 2 }],
    [
      'two sources and a verified video',
      { ...base, independentSources: 2, evidence: { verified: 1, unverified: 0, rejected: 0 } },
    ],
    [
      'a belligerent acknowledged it',
      { ...base, evidence: { verified: 0, unverified: 0, rejected: 0, acknowledged: true } },
    ],
    [
      'sources say 5 and 40',
      { ...base, independentSources: 2, figureDisputes: ['killed/civilians: 5 to 40'] },
    ],
    ['its one video was rejected', { ...base, evidence: { verified: 0, unverified: 0, rejected: 1 } }],
  ];
  return [
    table(
      ['situation', 'grade', 'reason given'],
      cases.map(([what, input]) => {
        const r = gradeIncident(input);
        return [what, r.grade, r.reason];
      }),
    ),
    '',
    `Figures disagree when the spread (high - low) exceeds ${settings.contestedMinSpread} and`,
    `${Math.round(settings.contestedRatio * 100)} % of the high figure. An analyst's grade overrides the automatic one and is kept`,
    'through later consolidation runs.',
  ].join('\n');
}

function body(settings: TollSettings): string {
  const parents = settings.victimGroupParents;
  const dateExamples: Array<[string, string, string]> = [
    ['2013-08-21', '2013-08-21', 'day'],
    ['2013-08-20', '2013-08-22', 'day'],
    ['2013-08-19', '2013-08-25', 'week'],
    ['2013-08-01', '2013-08-31', 'month'],
    ['2013-01-01', '2013-12-31', 'year'],
  ];
  return `## 1. Outcomes

${outcomes.map((o) => `- \`${o}\``).join('\n')}

## 2. Victim groups

Any lower-case slug is accepted (monitors add their own, e.g. \`foreign_fighters\`). The known groups and
where each sits (a breakdown is never added on top of its total; a group without a parent sits under \`people\`):

${table(
  ['group', 'inside'],
  knownVictimGroups.map((g) => [
    `\`${g}\``,
    parents[g] ? `\`${parents[g]}\`` : g === 'people' ? '(everyone)' : '`people`',
  ]),
)}

\`all\` in exports and tolls is everyone in an incident: the consolidator's roll-up when it made one,
otherwise the largest single group, never a sum of groups that may overlap.

## 3. Counts as the sources stated them

${table(
  ['qualifier', 'meaning'],
  countQualifiers.map((q) => [`\`${q}\``, qualifierMeaning[q]]),
)}

The words as written are always kept beside the numbers.

## 4. Count rules: low, best and high

- A claim's own bounds: min (or best) as its low, best as its best, max (or best) as its high.
- Within one report, distinct claims of one group add up; a breakdown (\`part_of\`) inside a counted total does not.
- Within one independence group (sources that re-report each other) the latest report speaks.
- Across independence groups: **low** is the lowest figure (ACLED's conservative figure), **best** the
  lower median of the best figures (UCDP's best estimate), **high** the highest (IBC's range).

${countExample()}

## 5. Grades

${table(
  ['grade', 'meaning'],
  grades.map((g) => [`\`${g}\``, gradeMeaning[g]]),
)}

Headline tolls and the public exports count only: ${settings.headlineGrades.map((g) => `\`${g}\``).join(', ')}.
Claims that feed incidents: ${settings.claimStatuses.map((s) => `\`${s}\``).join(', ')}.

Grading, as the code decides it:

${gradeExamples(settings)}

## 6. Event types (ACLED)

${table(
  ['event_type', 'ACLED label', 'sub_event_type', 'ACLED label'],
  Object.entries(eventTaxonomy).flatMap(([type, subs]) =>
    subs.map((sub, i) => [
      i === 0 ? `\`${type}\`` : '',
      i === 0 ? acledEventLabels[type as keyof typeof acledEventLabels] : '',
      `\`${sub}\``,
      acledSubEventLabels[sub],
    ]),
  ),
)}

## 7. Causes and weapons

${causes.map((c) => `\`${c}\``).join(', ')}

## 8. Dates and their precision codes

Tally keeps an incident's earliest and latest possible day and a precision (${datePrecisions.map((d) => `\`${d}\``).join(', ')}).
ACLED codes one event per day; Tally keeps a multi-day incident whole and gives its middle day.

${table(
  ['date_start', 'date_end', 'precision', 'ACLED event_date', 'ACLED time_precision', 'UCDP date_prec'],
  dateExamples.map(([s, e, p]) => {
    const t = acledTime(s, e, p);
    return [s, e, p, t.event_date, t.time_precision, ucdpDatePrecision(s, e, p)];
  }),
)}

## 9. Places and their precision codes

${table(
  ['place level', 'ACLED geo_precision', 'UCDP where_prec'],
  placeLevels.map((l) => [`\`${l}\``, acledGeoPrecision[l], ucdpWherePrecision[l]]),
)}

Coordinates are the place's own or, when it has none, its nearest ancestor's; the precision code is then
the ancestor's. Without any coordinates the precision columns are empty.

## 10. Sources

Sources are known by pseudonym and kind; real identities are sealed and never exported. Sources that
re-report each other share an independence group; only different groups corroborate.

${table(
  ['kind', 'ACLED source_scale'],
  sourceKinds.map((k) => [`\`${k}\``, sourceScaleOfKind[k]]),
)}

## 11. Who sees what in an export

- **Public** (anyone, and reporters): incidents of the headline grades only, none ending within the last
  ${settings.provisionalDays} days (still provisional), without analysts' notes, with kinds of source instead of pseudonyms.
- **Analysts, editors, admins**: every grade asked for, with notes and source pseudonyms; live tolls; victim lists.
- **Admins**: the full export. It never holds sealed source identities or the accounts that submitted reports.

## 12. Export formats

### ACLED-style CSV

${columnTable(acledColumns)}

### UCDP GED-style CSV

${columnTable(ucdpColumns)}

### HXL-tagged CSV (hashtags on the second row)

${columnTable(hxlColumns)}

### GeoJSON (RFC 7946) feature properties

${columnTable(geojsonProperties)}

### Tolls CSV

${columnTable(tollColumns)}

### Published victim lists CSV

Left out as sensitive: notes and the armed-group affiliation of combatants.

${columnTable(victimColumns)}

### Full export (JSON Lines)

A header line, one line per row (\`{"t": table, "r": row}\`) of places, sources, reports, claims,
incidents, their counts and claim links, analysts' decisions, closures, disruptions and publications,
then a trailer with each table's row count. Importing it into an empty database gives the same
incidents and tolls.

## 13. Imports

- ACLED-style and UCDP-style CSV: each row becomes a report of the dataset's source (kind \`monitor\`),
  one accepted \`killed\` claim, and an incident linked to it. ACLED's \`fatalities\` is a conservative
  figure (qualifier \`at_least\`); UCDP's low/best/high are kept as they are; Tally's own \`tally_*\`
  columns, when present, win. Report ids derive from the dataset and the row's event id, so importing a
  file twice stores it once.
- Tally's full export: into an empty database only, all or nothing.
`;
}

export interface Codebook {
  version: string;
  markdown: string;
}

/** The codebook for these settings (the defaults give docs/codebook.md). */
export function buildCodebook(settings: TollSettings = defaultTollSettings): Codebook {
  const text = body(settings);
  const version = `1.${sha256Hex(text).slice(0, 10)}`;
  const markdown = `# Tally codebook

Version **${version}**. Generated from Tally's code by \`npm run codebook\`; do not edit by hand.
Every export names the codebook version whose rules made its numbers (the \`tally_codebook\`/\`codebook\`
column, the GeoJSON member \`tally.codebook\`, the header of a full export, the \`X-Tally-Codebook\` response header).
A server with other settings serves its own codebook, with its own version, at \`/codebook\`.

${text}`;
  return { version, markdown };
}
