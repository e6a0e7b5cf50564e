import type { Command } from 'commander';
import { type CliContext, table } from '../cli/context.ts';
import { parseInput } from '../cli/parse.ts';
import { cliActor } from '../core/actor.ts';
import { draftBulletin, publishBulletin, zBulletinQuery } from './bulletin.service.ts';
import { publishTolls } from './publish.service.ts';
import { runningTotals, zRunningTotalsQuery } from './running-totals.ts';
import { type TollFigure, zNewClosure, zNewDisruption, zTollQuery } from './toll.ts';
import { loadTollSettings } from './toll-settings.ts';
import { closeTollDays, computeTolls, reportDisruption } from './tolls.service.ts';

interface TollOptionsRaw {
  from?: string;
  to?: string;
  by?: string;
  grades?: string;
  outcome?: string;
  group?: string;
  admin1?: string;
  country?: string;
  json?: boolean;
}

const today = () => new Date().toISOString().slice(0, 10);

function tollQuery(o: TollOptionsRaw) {
  const to = o.to ?? today();
  return parseInput(zTollQuery, { ...o, json: undefined, from: o.from ?? to, to });
}

export function renderFigures(figures: TollFigure[]): string {
  const rows = figures.map((f) => ({
    period:
      f.period_start === f.period_end
        ? f.period_start
        : f.period_start && `${f.period_start}..${f.period_end}`,
    area: f.area?.name_en ?? (f.area === null ? '' : ''),
    outcome: f.outcome,
    group: f.victim_group,
    cause: f.cause,
    low: f.low,
    best: f.best,
    high: f.high,
    incidents: f.incidents,
    sources: f.sources,
    provisional: f.provisional ? f.provisional_reasons.join('; ') : '',
  }));
  return table(rows, [
    'period',
    'area',
    'outcome',
    'group',
    'cause',
    'low',
    'best',
    'high',
    'incidents',
    'sources',
    'provisional',
  ]);
}

const addTollOptions = (command: Command) =>
  command
    .option('--from <date>', 'first day, YYYY-MM-DD (default: --to)')
    .option('--to <date>', 'last day (default: today)')
    .option(
      '--by <dims>',
      'breakdown: day|week|month, country|admin1|admin2, group, outcome, cause',
      'day,admin1,group',
    )
    .option('--grades <list>', 'grades counted (default: the headline grades, TALLY_HEADLINE_GRADES)')
    .option('--outcome <outcome>', 'when outcome is not in --by (default killed)')
    .option('--group <group>', 'only this victim group')
    .option('--admin1 <id>', 'only this province')
    .option('--country <id>', 'only this country');

export function registerTollCommands(program: Command, ctx: CliContext): void {
  const settings = () => ({ settings: loadTollSettings() });
  const tolls = addTollOptions(
    program.command('tolls').description('Tolls: documented deaths by period, area, group'),
  );
  tolls.action(async (o: TollOptionsRaw) => {
    const query = tollQuery(o);
    const result = await ctx.withDb((db) => computeTolls(db, query, settings()));
    ctx.print(result, () => renderFigures(result.figures));
  });

  // `tolls` reads --from/--to/--by wherever they stand, so subcommands take them from it
  // (optsWithGlobals) instead of declaring them again.
  tolls
    .command('publish')
    .description('Publish the tolls selected by the tolls options as a snapshot (a revision needs --reason)')
    .option('--reason <text>', 'why these figures revise the last published ones')
    .action(async (_o: unknown, command: Command) => {
      const {
        reason,
        data: _data,
        ...rest
      } = command.optsWithGlobals<TollOptionsRaw & { reason?: string; data?: string }>();
      const query = tollQuery(rest);
      const { created, value } = await ctx.withDb((db) =>
        publishTolls(db, cliActor, query, reason, settings()),
      );
      ctx.print(value, () =>
        [
          `${created ? (value.revises_id ? 'Published revision' : 'Published') : 'Already published'}: ${value.id}`,
          ...value.changes.map(
            (c) =>
              `  ${c.key}: ${c.before ? `${c.before.low}-${c.before.high}` : 'none'} -> ${c.after ? `${c.after.low}-${c.after.high}` : 'none'}`,
          ),
        ].join('\n'),
      );
    });

  tolls
    .command('running')
    .description("Documented deaths to date (--to) beside outside sources' cumulative figures")
    .action(async (_o: unknown, command: Command) => {
      const o = command.optsWithGlobals<{ to?: string; country?: string }>();
      const query = parseInput(zRunningTotalsQuery, { to: o.to ?? today(), country: o.country });
      const totals = await ctx.withDb((db) => runningTotals(db, query, settings()));
      ctx.print(totals, () => {
        const t = totals.documented.total;
        const claimed = totals.claimed_by_sources.map(
          (c) => `  ${c.said_by}: ${c.count_text ?? c.min ?? c.best} ${c.victim_group} (as of ${c.as_of})`,
        );
        return [
          `Documented by incident, to ${totals.to}: ${t ? `${t.low} (best ${t.best}, up to ${t.high})` : 'none'}`,
          renderFigures(totals.documented.by_admin1),
          "Sources' own running totals (not added to the above):",
          ...(claimed.length > 0 ? claimed : ['  (none)']),
        ].join('\n');
      });
    });

  tolls
    .command('close')
    .description("Close an area's days --from to --to: their tolls are final")
    .requiredOption('--place <id>', 'country, admin1 or admin2 place id')
    .option('--reason <text>')
    .action(async (_o: unknown, command: Command) => {
      const o = command.optsWithGlobals<{ place: string; from?: string; to?: string; reason?: string }>();
      const input = parseInput(zNewClosure, { place_id: o.place, from: o.from, to: o.to, reason: o.reason });
      const result = await ctx.withDb((db) => closeTollDays(db, cliActor, input));
      ctx.print(result, () => `Closed ${result.closed.length} day(s) for ${o.place}`);
    });

  tolls
    .command('disrupted')
    .description("Mark an area's reporting disrupted (keeps its tolls provisional)")
    .requiredOption('--place <id>')
    .requiredOption('--since <date>')
    .option('--until <date>')
    .requiredOption('--reason <text>', 'said in the bulletin, e.g. "communications are down"')
    .action(async (o: { place: string; since: string; until?: string; reason: string }) => {
      const input = parseInput(zNewDisruption, {
        place_id: o.place,
        since: o.since,
        until: o.until,
        reason: o.reason,
      });
      const d = await ctx.withDb((db) => reportDisruption(db, cliActor, input));
      ctx.print(d, () => `Recorded ${d.id}: ${d.place_id} disrupted since ${d.since}`);
    });

  program
    .command('bulletin')
    .description("Draft (or --publish) the day's bulletin from the tolls")
    .requiredOption('--date <date>', 'the day, YYYY-MM-DD')
    .option('--lang <lang>', 'en or ar', 'en')
    .option('--country <id>', 'country place id', 'sy')
    .option('--grades <list>', 'grades counted (default: the headline grades)')
    .option('--publish', 'publish it (a revision needs --reason)')
    .option('--reason <text>')
    .action(
      async (o: {
        date: string;
        lang: string;
        country: string;
        grades?: string;
        publish?: boolean;
        reason?: string;
      }) => {
        const query = parseInput(zBulletinQuery, {
          date: o.date,
          lang: o.lang,
          country: o.country,
          grades: o.grades,
        });
        if (o.publish) {
          const { created, value } = await ctx.withDb((db) =>
            publishBulletin(db, cliActor, query, o.reason, settings()),
          );
          ctx.print(
            value,
            () =>
              `${created ? 'Published' : 'Already published'}: ${value.id}\n\n${(value.body as { text: string }).text}`,
          );
          return;
        }
        const bulletin = await ctx.withDb((db) => draftBulletin(db, query, settings()));
        ctx.print(bulletin, () =>
          [
            bulletin.headline.text,
            ...bulletin.breakdown.map((s) => s.text),
            '',
            ...bulletin.notes.map((s) => s.text),
          ].join('\n'),
        );
      },
    );
}
