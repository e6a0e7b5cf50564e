import type { Command } from 'commander';
import { type CliContext, table } from '../cli/context.ts';
import { parseInput } from '../cli/parse.ts';
import { cliActor } from '../core/actor.ts';
import { attachVictims, detachVictim, victimsOfIncident } from './incident-victims.service.ts';
import { getLinkRun, requestLinkRun, runLinkage } from './linkage.service.ts';
import { decideReview, pageReviews } from './review.service.ts';
import { zVictimRecordQuery } from './victim.ts';
import { importVictimFile, parseMapOptions } from './victims.import.ts';
import { getPerson, mergePersons, pageVictimRecords, splitRecords } from './victims.service.ts';

/** `tally victims ...`: import lists, link records into persons, review uncertain pairs. */
export function registerVictimCommands(program: Command, ctx: CliContext): void {
  const victims = program.command('victims').description('Victim lists, persons and their linkage');

  victims
    .command('import <file>')
    .description('Import a list of victims from .csv or .jsonl (all-or-nothing unless --skip-bad)')
    .requiredOption('--list <name>', 'the list the records come from (e.g. VDC, SNHR)')
    .option('--map <column=field>', 'read a column as a field, e.g. --map "الاسم=name"', collect, [])
    .option('--skip-bad', 'import the good rows; write rejected rows with reasons to a side file')
    .option('--rejects <file>', 'where --skip-bad writes rejected rows (default FILE.rejected.jsonl)')
    .action(async (file: string, o: { list: string; map: string[]; skipBad?: boolean; rejects?: string }) => {
      const map = parseMapOptions(o.map);
      const summary = await ctx.withDb((db) =>
        importVictimFile(db, cliActor, file, {
          list: o.list,
          map,
          skipBad: Boolean(o.skipBad),
          ...(o.rejects ? { rejectsPath: o.rejects } : {}),
        }),
      );
      ctx.print(summary, () =>
        [
          `list ${summary.list}: read ${summary.read}, imported ${summary.imported}, already stored ${summary.duplicates}, rejected ${summary.rejected}`,
          ...summary.problems.slice(0, 20).map((p) => `  row ${p.row}: ${p.field}: ${p.message}`),
          summary.rejects_file ? `rejected rows with reasons: ${summary.rejects_file}` : '',
          summary.ignored_columns.length > 0
            ? `columns not read (no field of that name; --map "column=field" reads one): ${summary.ignored_columns.join(', ')}`
            : '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });

  victims
    .command('link')
    .description('Link all stored records into persons now (the API queues the same work as a job)')
    .option('--threshold <p>', 'match probability that links two records', '0.5')
    .option('--review-below <p>', 'pairs scored from here...', '0.05')
    .option('--review-above <p>', '...up to here go to the review queue', '0.95')
    .action(async (o: { threshold: string; reviewBelow: string; reviewAbove: string }) => {
      const run = await ctx.withDb(async (db) => {
        const requested = await requestLinkRun(db, cliActor, {
          threshold: Number(o.threshold),
          review_below: Number(o.reviewBelow),
          review_above: Number(o.reviewAbove),
        });
        ctx.status(`link run ${requested.id} started`);
        return runLinkage(db, requested.id);
      });
      ctx.print(run, () => `link run ${run.id}: ${run.status}\n${JSON.stringify(run.stats, null, 2)}`);
    });

  victims
    .command('run <id>')
    .description('Show a link run')
    .action(async (id: string) => {
      const run = await ctx.withDb((db) => getLinkRun(db, id));
      ctx.print(run, () => `${run.id}: ${run.status}\n${JSON.stringify(run.stats, null, 2)}`);
    });

  victims
    .command('person <id>')
    .description('Show a person: its records and their membership history')
    .action(async (id: string) => {
      const person = await ctx.withDb((db) => getPerson(db, id));
      ctx.print(person, () =>
        [
          `person ${person.id} (${person.fully_identified ? 'fully identified' : 'not fully identified'}), lists: ${person.lists.join(', ')}`,
          table(
            person.records.map((r) => ({
              id: r.id,
              list: r.list,
              name: r.name,
              date: r.date_of_death.text,
              place: r.place.text,
            })),
            ['id', 'list', 'name', 'date', 'place'],
          ),
        ].join('\n'),
      );
    });

  victims
    .command('merge <into> <from...>')
    .description('Move the records of persons FROM into person INTO')
    .requiredOption('--reason <text>', 'why (kept in the audit log)')
    .action(async (into: string, from: string[], o: { reason: string }) => {
      const person = await ctx.withDb((db) => mergePersons(db, cliActor, { into, from, reason: o.reason }));
      ctx.print(person, () => `person ${person.id} now holds ${person.records.length} records`);
    });

  victims
    .command('split <records...>')
    .description('Move records out of their persons into a new person')
    .requiredOption('--reason <text>', 'why (kept in the audit log)')
    .action(async (records: string[], o: { reason: string }) => {
      const person = await ctx.withDb((db) => splitRecords(db, cliActor, { records, reason: o.reason }));
      ctx.print(person, () => `new person ${person.id} with ${person.records.length} records`);
    });

  victims
    .command('list')
    .description('List victim records, oldest first')
    .option('--list <name>', 'only the records of this list')
    .option('--limit <n>', 'how many', '50')
    .option('--cursor <c>', 'the next_cursor of the previous page')
    .option('--name <text>', 'part of the name, in either script')
    .option('--died-from <date>', 'date of death on or after YYYY-MM-DD')
    .option('--died-to <date>', 'date of death on or before YYYY-MM-DD')
    .action(
      async (o: {
        list?: string;
        limit: string;
        cursor?: string;
        name?: string;
        diedFrom?: string;
        diedTo?: string;
      }) => {
        const query = parseInput(zVictimRecordQuery, {
          list: o.list,
          limit: o.limit,
          cursor: o.cursor,
          q: o.name,
          died_from: o.diedFrom,
          died_to: o.diedTo,
        });
        const page = await ctx.withDb((db) => pageVictimRecords(db, query));
        ctx.print(page, () =>
          [
            table(
              page.items.map((r) => ({
                id: r.id,
                list: r.list,
                row: r.list_row,
                name: r.name,
                date: r.date_of_death.text,
                place: r.place.text ?? r.place.governorate,
              })),
              ['id', 'list', 'row', 'name', 'date', 'place'],
            ),
            page.next_cursor ? `more: --cursor ${page.next_cursor}` : '',
          ]
            .filter(Boolean)
            .join('\n'),
        );
      },
    );

  victims
    .command('incident <incident-id>')
    .description("List an incident's named victims; --link and --unlink change them first")
    .option('--link <record-id>', 'link a victim record to the incident (repeatable)', collect, [])
    .option('--unlink <record-id>', 'unlink a victim record from the incident (repeatable)', collect, [])
    .option('--reason <text>', 'why (kept in the audit log)')
    .action(async (incidentId: string, o: { link: string[]; unlink: string[]; reason?: string }) => {
      const records = await ctx.withDb(async (db) => {
        if (o.link.length > 0) await attachVictims(db, cliActor, incidentId, o.link, o.reason);
        for (const recordId of o.unlink) await detachVictim(db, cliActor, incidentId, recordId, o.reason);
        return victimsOfIncident(db, incidentId);
      });
      ctx.print({ items: records }, () =>
        table(
          records.map((r) => ({
            id: r.id,
            list: r.list,
            name: r.name,
            sex: r.sex,
            age: r.age.text,
            status: r.status,
            date: r.date_of_death.text,
          })),
          ['id', 'list', 'name', 'sex', 'age', 'status', 'date'],
        ),
      );
    });

  const review = victims.command('review').description('The queue of uncertain pairs');
  review
    .command('list')
    .option('--status <s>', 'pending, accepted or rejected', 'pending')
    .option('--limit <n>', 'how many', '50')
    .action(async (o: { status: 'pending' | 'accepted' | 'rejected'; limit: string }) => {
      const page = await ctx.withDb((db) => pageReviews(db, { status: o.status, limit: Number(o.limit) }));
      ctx.print(page, () =>
        table(page.items, ['id', 'record_a', 'record_b', 'match_probability', 'status', 'reason']),
      );
    });
  for (const decision of ['accept', 'reject'] as const) {
    review
      .command(`${decision} <id>`)
      .description(`${decision === 'accept' ? 'Accept' : 'Reject'} a pair; later runs reuse the decision`)
      .requiredOption('--reason <text>', 'why')
      .action(async (id: string, o: { reason: string }) => {
        const value = await ctx.withDb((db) =>
          decideReview(db, cliActor, id, { decision, reason: o.reason }),
        );
        ctx.print(value, () => `review ${value.id}: ${value.status}`);
      });
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
