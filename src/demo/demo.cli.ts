import type { Command } from 'commander';
import type { CliContext } from '../cli/context.ts';
import { parseInput } from '../cli/parse.ts';
import { cliActor } from '../core/actor.ts';
import { createProgress } from '../core/progress.ts';
import { loadTollSettings } from '../tolls/toll-settings.ts';
import { loadDemo } from './demo.service.ts';
import { DEMO_DEFAULTS, type DemoSummary, zDemoOptions } from './demo.ts';

/** Where each step sits on the progress bar: storing reports is most of the work. */
const stepSpan: Record<string, [number, number]> = {
  reports: [0, 75],
  victims: [75, 80],
  incidents: [80, 90],
  evidence: [90, 100],
};

export function renderDemoSummary(s: DemoSummary): string {
  return [
    `Loaded a sample monitor (seed ${s.seed}, ${s.from} to ${s.to}) in ${s.seconds} s:`,
    `  sources    ${s.sources}`,
    `  reports    ${s.reports}`,
    `  claims     ${s.claims} (${s.claims_proposed} proposed, waiting on the review desk)`,
    `  incidents  ${s.incidents}`,
    `  victims    ${s.victims} named records, ${s.persons} persons, ${s.victims_linked} linked to their incidents`,
    `  evidence   ${s.evidence}${s.evidence_skipped ? ` (${s.evidence_skipped})` : ''}`,
    'All of it is demo data: source pseudonyms and victim lists start with "Demo".',
    'Start the server (npx tally serve) and sign in to see the dashboard.',
  ].join('\n');
}

export function registerDemoCommands(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description(
      'Load a generated sample monitor (a year of reports, claims, incidents, victims, evidence) into an empty database',
    )
    .option(
      '--seed <n>',
      'seed of the generator: the same seed loads the same monitor',
      String(DEMO_DEFAULTS.seed),
    )
    .option('--days <n>', 'how many days the sample covers, ending yesterday', String(DEMO_DEFAULTS.days))
    .option('--reports <n>', 'about how many reports to generate', String(DEMO_DEFAULTS.reports))
    .addHelpText(
      'after',
      '\nRefuses a database that already holds reports, so demo data never mixes with real data.\n' +
        'To try it beside a real monitor: npx tally --data ./tally-demo demo',
    )
    .action(async (o: { seed: string; days: string; reports: string }) => {
      const options = parseInput(zDemoOptions, o);
      const progress = createProgress('loading demo', 100);
      const config = ctx.config();
      const summary = await ctx.withDb((db) =>
        loadDemo(db, cliActor, options, {
          dataDir: config.dataDir,
          settings: loadTollSettings(),
          onProgress: (step, done, total) => {
            const [from, to] = stepSpan[step] ?? [0, 100];
            progress.update(from + ((to - from) * done) / Math.max(1, total), step);
          },
        }),
      );
      progress.finish();
      ctx.print(summary, () => renderDemoSummary(summary));
    });
}
