import type { Command } from 'commander';
import { type CliContext, table } from '../cli/context.ts';
import { parseInput } from '../cli/parse.ts';
import { zPageQuery } from '../core/paging.ts';
import { registerConsolidationCommands } from './consolidate.cli.ts';
import { zIncidentListQuery } from './incident.ts';
import { getIncident, pageIncidents } from './incidents.service.ts';

export function registerIncidentCommands(program: Command, ctx: CliContext): void {
  const incidents = program.command('incidents').description('Read, consolidate and decide on incidents');
  incidents
    .command('list')
    .description('List incidents by start date')
    .option('--from <date>', 'incidents ending on or after this date (YYYY-MM-DD)')
    .option('--to <date>', 'incidents starting on or before this date (YYYY-MM-DD)')
    .option('--grade <grade>', 'only this grade')
    .option('--grades <list>', 'any of these grades, comma-separated')
    .option('--country <id>', 'only this country (place id)')
    .option('--admin1 <id>', 'only this province (place id)')
    .option('--admin2 <id>', 'only this district (place id)')
    .option('--origin <origin>', 'analyst or consolidated')
    .option('--limit <n>', 'how many', '50')
    .option('--cursor <c>', 'next_cursor from the previous page')
    .action(async (o: Record<string, string | undefined>) => {
      const query = parseInput(zPageQuery.extend(zIncidentListQuery.shape), o);
      const page = await ctx.withDb((db) => pageIncidents(db, query));
      ctx.print(page, () => {
        const rows = page.items.map((i) => ({
          ...i,
          killed: i.counts
            .filter((c) => c.outcome === 'killed')
            .map((c) => `${c.victim_group} ${c.low}-${c.high}`)
            .join(', '),
        }));
        const text = table(rows, [
          'id',
          'date_start',
          'place_text',
          'admin1_id',
          'grade',
          'source_count',
          'killed',
        ]);
        return page.next_cursor ? `${text}\nmore: --cursor ${page.next_cursor}` : text;
      });
    });
  incidents
    .command('show <id>')
    .description('Show one incident with its counts and claims')
    .action(async (id: string) => {
      const incident = await ctx.withDb((db) => getIncident(db, id));
      ctx.print(incident, () => JSON.stringify(incident, null, 2));
    });
  registerConsolidationCommands(incidents, ctx);
}
