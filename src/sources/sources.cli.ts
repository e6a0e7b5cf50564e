import type { Command } from 'commander';
import { type CliContext, table } from '../cli/context.ts';
import { parseInput } from '../cli/parse.ts';
import { cliActor } from '../core/actor.ts';
import { sourceKinds, zNewSource } from './source.ts';
import { createSource, getSource, pageSources } from './sources.service.ts';

export function registerSourceCommands(program: Command, ctx: CliContext): void {
  const sources = program.command('sources').description('Register and list sources');

  sources
    .command('add')
    .description('Register a source under a pseudonym')
    .requiredOption('--kind <kind>', `one of: ${sourceKinds.join(', ')}`)
    .requiredOption('--pseudonym <name>', 'how staff refer to the source (never a real name)')
    .option('--group <name>', 'independence group shared with sources that re-report each other')
    .option('--note <text>', 'reliability note')
    .option('--id <uuid>', 'choose the id (default: a new UUID)')
    .action(async (o: { kind: string; pseudonym: string; group?: string; note?: string; id?: string }) => {
      const input = parseInput(zNewSource, {
        id: o.id,
        kind: o.kind,
        pseudonym: o.pseudonym,
        independence_group: o.group,
        reliability_note: o.note,
      });
      const { created, value } = await ctx.withDb((db) => createSource(db, cliActor, input));
      ctx.print(
        value,
        () =>
          `${created ? 'Registered' : 'Already registered'}: ${value.id} (${value.kind}, ${value.pseudonym})`,
      );
    });

  sources
    .command('list')
    .description('List sources, oldest first')
    .option('--limit <n>', 'how many', '50')
    .option('--cursor <c>', 'next_cursor from the previous page')
    .action(async (o: { limit: string; cursor?: string }) => {
      const page = await ctx.withDb((db) => pageSources(db, { limit: Number(o.limit), cursor: o.cursor }));
      ctx.print(page, () => {
        const text = table(page.items, ['id', 'kind', 'pseudonym', 'independence_group']);
        return page.next_cursor ? `${text}\nmore: --cursor ${page.next_cursor}` : text;
      });
    });

  sources
    .command('show <id>')
    .description('Show one source')
    .action(async (id: string) => {
      const source = await ctx.withDb((db) => getSource(db, id));
      ctx.print(source, () =>
        Object.entries(source)
          .map(([k, v]) => `${k}: ${v ?? ''}`)
          .join('\n'),
      );
    });
}
