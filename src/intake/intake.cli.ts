import type { Command } from 'commander';
import { type CliContext, table } from '../cli/context.ts';
import { cliActor } from '../core/actor.ts';
import { createProgress } from '../core/progress.ts';
import { importReportsFile } from './import.service.ts';
import { getReport, pageReports } from './intake.service.ts';

export function registerIntakeCommands(program: Command, ctx: CliContext): void {
  program
    .command('import <file>')
    .description('Import reports from a .jsonl or .csv file (all-or-nothing unless --skip-bad)')
    .option('--skip-bad', 'import the good rows; write rejected rows with reasons to a side file')
    .option('--rejects <file>', 'where --skip-bad writes rejected rows (default FILE.rejected.jsonl)')
    .action(async (file: string, o: { skipBad?: boolean; rejects?: string }) => {
      const progress = createProgress('importing', 1);
      const summary = await ctx.withDb((db) =>
        importReportsFile(db, cliActor, file, {
          skipBad: Boolean(o.skipBad),
          ...(o.rejects ? { rejectsPath: o.rejects } : {}),
          onProgress: (fraction) => progress.update(fraction),
        }),
      );
      progress.finish();
      ctx.print(
        summary,
        () =>
          `imported ${summary.imported}, duplicates ${summary.duplicates}, rejected ${summary.rejected}` +
          (summary.rejects_file ? ` (reasons in ${summary.rejects_file})` : ''),
      );
    });

  const reports = program.command('reports').description('Read stored reports');
  reports
    .command('list')
    .description('List reports in the order they were received')
    .option('--since <iso>', 'only reports received at or after this time')
    .option('--source <id>', 'only reports from this source')
    .option('--limit <n>', 'how many', '50')
    .option('--cursor <c>', 'next_cursor from the previous page')
    .action(async (o: { since?: string; source?: string; limit: string; cursor?: string }) => {
      const page = await ctx.withDb((db) => pageReports(db, { ...o, limit: Number(o.limit) }));
      ctx.print(page, () => {
        const rows = page.items.map((r) => ({ ...r, text: r.text ?? JSON.stringify(r.payload) }));
        const text = table(rows, ['id', 'received_at', 'channel', 'source_id', 'text']);
        return page.next_cursor ? `${text}\nmore: --cursor ${page.next_cursor}` : text;
      });
    });
  reports
    .command('show <id>')
    .description('Show one report with its claims')
    .action(async (id: string) => {
      const report = await ctx.withDb((db) => getReport(db, id));
      ctx.print(report, () =>
        [
          `report ${report.id} from source ${report.source_id} via ${report.channel}, received ${report.received_at}`,
          report.text ?? JSON.stringify(report.payload, null, 2),
          '',
          table(
            report.claims.map((c) => ({
              outcome: c.outcome,
              count: c.count.text ?? c.count.best,
              group: c.victims.group,
              place: c.place?.text,
              date: c.date?.start,
              status: c.status,
            })),
            ['outcome', 'count', 'group', 'place', 'date', 'status'],
          ),
        ].join('\n'),
      );
    });
}
