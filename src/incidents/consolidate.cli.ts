import type { Command } from 'commander';
import { z } from 'zod';
import type { CliContext } from '../cli/context.ts';
import { parseInput } from '../cli/parse.ts';
import { cliActor } from '../core/actor.ts';
import { loadTollSettings } from '../tolls/toll-settings.ts';
import {
  type ConsolidationResult,
  consolidateIncidents,
  mergeIncidents,
  overrideGrade,
  splitIncident,
} from './consolidate.service.ts';
import { zGrade } from './incident.ts';

const summary = (r: ConsolidationResult) =>
  `${r.claims} claims -> ${r.incidents} incidents: ${r.created} created, ${r.updated} updated, ${r.removed} removed, ${r.unchanged} unchanged`;

/** `tally incidents consolidate|merge|split|grade`: the run and the decisions it re-applies. */
export function registerConsolidationCommands(incidents: Command, ctx: CliContext): void {
  incidents
    .command('consolidate')
    .description("Group claims into incidents, re-applying analysts' decisions (safe to repeat)")
    .option('--include-proposed', 'read proposed claims too, not only accepted ones')
    .action(async (o: { includeProposed?: boolean }) => {
      const base = loadTollSettings();
      const settings = o.includeProposed
        ? { ...base, claimStatuses: ['accepted', 'proposed'] as Array<'accepted' | 'proposed'> }
        : base;
      const result = await ctx.withDb((db) => consolidateIncidents(db, { settings, actor: cliActor }));
      ctx.print(result, () => summary(result));
    });

  incidents
    .command('merge <ids...>')
    .description('Keep the claims of these incidents together from now on')
    .requiredOption('--reason <text>')
    .action(async (ids: string[], o: { reason: string }) => {
      const result = await ctx.withDb((db) =>
        mergeIncidents(db, cliActor, ids, o.reason, { settings: loadTollSettings() }),
      );
      ctx.print(result, () => summary(result));
    });

  incidents
    .command('split <id>')
    .description('Split off claims: each --claims list (comma-separated ids) becomes its own incident')
    .requiredOption(
      '--claims <ids>',
      'repeat for several groups',
      (value: string, previous: string[][] = []) => [...previous, value.split(',')],
    )
    .requiredOption('--reason <text>')
    .action(async (id: string, o: { claims: string[][]; reason: string }) => {
      const result = await ctx.withDb((db) =>
        splitIncident(db, cliActor, id, o.claims, o.reason, { settings: loadTollSettings() }),
      );
      ctx.print(result, () => summary(result));
    });

  incidents
    .command('grade <id> <grade>')
    .description('Override the grade (kept over automatic grading)')
    .requiredOption('--reason <text>')
    .action(async (id: string, grade: string, o: { reason: string }) => {
      const { grade: checked } = parseInput(z.object({ grade: zGrade }), { grade });
      const result = await ctx.withDb((db) =>
        overrideGrade(db, cliActor, id, checked, o.reason, { settings: loadTollSettings() }),
      );
      ctx.print(result, () => summary(result));
    });
}
