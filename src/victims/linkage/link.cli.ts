import type { Command } from 'commander';
import type { CliContext } from '../../cli/context.ts';
import { TallyError } from '../../core/errors.ts';
import { runLinkJob } from './link.run.ts';

/**
 * `tally link`: links any CSV with a JSON model config, or Tally's victim CSV with the
 * victims preset, and writes `id,cluster_id` (plus `input` in link mode). Needs no database.
 */
export function registerLinkCommands(program: Command, ctx: CliContext): void {
  program
    .command('link')
    .description('Link or de-duplicate records in CSV files (Fellegi-Sunter, trained without labels)')
    .option('--config <file>', 'model config (JSON): id column, comparisons, blocking rules, training')
    .option(
      '--preset <name>',
      'built-in model: victims (columns id and name, or its parts; sex, age, date_of_death, place, governorate when given; English or Arabic headers such as "Full Name", "الاسم")',
    )
    .option('--input <file>', 'CSV input; give it twice or more to link files to each other', collect, [])
    .requiredOption('--out <file>', 'where to write id,cluster_id')
    .option('--pairs <file>', 'also write the scored pairs (id_l,id_r,match_weight,match_probability)')
    .option('--threshold <p>', 'match probability at or above which records are linked (default: the config)')
    .option('--threads <n>', 'scoring threads (default: one per core)')
    .action(
      async (o: {
        config?: string;
        preset?: string;
        input: string[];
        out: string;
        pairs?: string;
        threshold?: string;
        threads?: string;
      }) => {
        if (o.preset !== undefined && o.preset !== 'victims')
          throw new TallyError('validation_failed', `unknown preset "${o.preset}" (known: victims)`);
        if (o.config && o.preset)
          throw new TallyError('validation_failed', 'give --config or --preset, not both');
        const threshold = o.threshold === undefined ? undefined : Number(o.threshold);
        if (threshold !== undefined && !(threshold >= 0 && threshold <= 1))
          throw new TallyError('validation_failed', '--threshold must be a probability between 0 and 1');
        const threads = o.threads === undefined ? undefined : Number(o.threads);
        if (threads !== undefined && !(Number.isInteger(threads) && threads > 0 && threads <= 64))
          throw new TallyError('validation_failed', '--threads must be a whole number from 1 to 64');
        const started = performance.now();
        const summary = await runLinkJob({
          config: o.config,
          preset: o.preset === 'victims' ? 'victims' : undefined,
          inputs: o.input,
          out: o.out,
          pairsOut: o.pairs,
          threshold,
          threads,
          progress: !ctx.json(),
        });
        const seconds = (performance.now() - started) / 1000;
        ctx.print({ ...summary, seconds }, () =>
          [
            `${summary.records} records → ${summary.persons} clusters (${summary.linkMode ? 'link' : 'dedupe'} mode)`,
            `${summary.stats.blocking.pairs} candidate pairs scored in ${seconds.toFixed(1)} s on ${summary.stats.threads} threads`,
            summary.stats.blocking.skippedBlocks.length > 0
              ? `skipped ${summary.stats.blocking.skippedBlocks.length} oversized blocks (largest ${Math.max(...summary.stats.blocking.skippedBlocks.map((b) => b.size))} records)`
              : '',
            `clusters written to ${o.out}${o.pairs ? `; ${summary.pairsWritten} pairs to ${o.pairs}` : ''}`,
          ]
            .filter(Boolean)
            .join('\n'),
        );
      },
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
