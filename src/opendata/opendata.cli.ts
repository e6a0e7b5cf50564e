import { once } from 'node:events';
import { createReadStream, createWriteStream, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { CliContext } from '../cli/context.ts';
import { parseInput } from '../cli/parse.ts';
import { type Actor, cliActor } from '../core/actor.ts';
import { createProgress } from '../core/progress.ts';
import { defaultTollSettings, loadTollSettings } from '../tolls/toll-settings.ts';
import { buildCodebook } from './codebook.ts';
import { importDataset } from './dataset.import.ts';
import {
  type ExportStream,
  exportEverything,
  exportIncidents,
  exportTolls,
  exportVictims,
} from './export.service.ts';
import { importFull } from './full.service.ts';
import { zIncidentExportQuery, zTollExportQuery } from './opendata.ts';

/** Writes an export to a file or stdout, with a progress bar on a terminal. */
async function write(ctx: CliContext, file: ExportStream, out: string | undefined) {
  const total = await file.total();
  const progress = createProgress(`export ${file.filename}`, total ?? 0);
  const target = out ? createWriteStream(out) : process.stdout;
  let rows = 0;
  for await (const chunk of file.body((n) => {
    rows = n;
    progress.update(n, `${n.toLocaleString('en')} rows`);
  })) {
    if (!target.write(chunk)) await once(target, 'drain');
  }
  progress.finish();
  if (out) {
    (target as ReturnType<typeof createWriteStream>).end();
    await once(target, 'finish');
    ctx.status(`${out}: ${rows.toLocaleString('en')} rows, codebook ${file.codebook}`);
  }
}

/** The public view is what anyone downloading from the server gets: no actor. */
const viewer = (publicView: boolean | undefined): Actor | undefined => (publicView ? undefined : cliActor);

export function registerOpenDataCommands(program: Command, ctx: CliContext): void {
  const exporter = program.command('export').description('Export open data in the formats the field uses');
  exporter
    .command('incidents')
    .description('Incidents as ACLED-style CSV, UCDP-style CSV, GeoJSON or HXL-tagged CSV')
    .option('--format <format>', 'acled, ucdp, geojson or hxl', 'acled')
    .option('--from <date>', 'incidents ending on or after this day')
    .option('--to <date>', 'incidents starting on or before this day')
    .option('--grades <list>', 'only these grades, comma-separated')
    .option('--admin1 <id>', 'only this province')
    .option('--public', 'the public view: headline grades, no provisional days, no notes or source names')
    .option('--out <file>', 'write here instead of stdout')
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const { public: publicView, out, ...rest } = o;
      const query = parseInput(zIncidentExportQuery, rest);
      await ctx.withDb((db) =>
        write(ctx, exportIncidents(db, viewer(publicView as boolean), query), out as string),
      );
    });
  exporter
    .command('tolls')
    .description('Live tolls as CSV or JSON')
    .requiredOption('--from <date>', 'first day')
    .requiredOption('--to <date>', 'last day')
    .option('--by <list>', 'breakdown, e.g. month,admin1,group')
    .option('--grades <list>', 'grades counted (default: the headline grades)')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--out <file>', 'write here instead of stdout')
    .action(async (o: Record<string, string | undefined>) => {
      const { out, ...rest } = o;
      const query = parseInput(zTollExportQuery, rest);
      await ctx.withDb((db) => write(ctx, exportTolls(db, cliActor, query), out));
    });
  exporter
    .command('victims')
    .description('Victim lists as CSV, without notes or affiliation')
    .option('--list <name>', 'only this list')
    .option('--out <file>', 'write here instead of stdout')
    .action(async (o: { list?: string; out?: string }) => {
      await ctx.withDb((db) => write(ctx, exportVictims(db, cliActor, { list: o.list }), o.out));
    });
  exporter
    .command('full')
    .description('Everything `tally import-data full` needs to rebuild the same incidents and tolls')
    .option('--out <file>', 'write here instead of stdout')
    .action(async (o: { out?: string }) => {
      await ctx.withDb((db) => write(ctx, exportEverything(db, cliActor), o.out));
    });

  program
    .command('import-data <format> <file>')
    .description(
      'Import an ACLED-style or UCDP-style CSV (format acled|ucdp), or a full export (full) into an empty database',
    )
    .option('--dataset <name>', 'the dataset, recorded as the source (default ACLED or UCDP GED)')
    .option('--skip-bad', 'import the good rows and list the bad ones')
    .action(async (format: string, file: string, o: { dataset?: string; skipBad?: boolean }) => {
      const size = statSync(file).size;
      const progress = createProgress(`import ${file}`, size);
      const summary = await ctx.withDb(async (db) => {
        if (format === 'full') {
          let bytes = 0;
          // The file is opened only when the import starts reading: a flowing stream, and
          // readline, drop what they emit before anyone listens (the import first checks the
          // database, which takes a while).
          const lines = (async function* () {
            const input = createReadStream(file);
            input.on('data', (chunk) => {
              bytes += chunk.length;
            });
            yield* createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
          })();
          return importFull(db, cliActor, lines, (n) =>
            progress.update(bytes, `${n.toLocaleString('en')} rows`),
          );
        }
        if (format !== 'acled' && format !== 'ucdp')
          throw new Error(`format must be acled, ucdp or full, not ${format}`);
        return importDataset(db, cliActor, format, file, {
          ...(o.dataset ? { dataset: o.dataset } : {}),
          skipBad: Boolean(o.skipBad),
          onBytes: (bytes) => progress.update(bytes),
        });
      });
      progress.finish();
      ctx.print(summary, () => JSON.stringify(summary, null, 2));
    });

  program
    .command('codebook')
    .description('Print the codebook this installation applies (settings from the environment)')
    .option('--defaults', "with Tally's default settings (what docs/codebook.md holds)")
    .option('--out <file>', 'write here instead of stdout')
    .action((o: { defaults?: boolean; out?: string }) => {
      const book = buildCodebook(o.defaults ? defaultTollSettings : loadTollSettings());
      if (o.out) {
        writeFileSync(o.out, book.markdown);
        ctx.status(`${o.out}: codebook ${book.version}`);
      } else ctx.print(book, () => book.markdown);
    });
}
