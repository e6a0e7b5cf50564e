import type { Command } from 'commander';
import { type CliContext, table } from '../cli/context.ts';
import { cliActor } from '../core/actor.ts';
import type { Db } from '../db/client.ts';
import { analyseItem, pendingItemIds } from './analysis.service.ts';
import { makeDerivative } from './derivatives.service.ts';
import { type Evidence, openEvidence } from './evidence.runtime.ts';
import { exportItem, getCustody, getItem, pageItems } from './evidence.service.ts';
import { derivativeKinds, zDerivativeKind } from './evidence.ts';
import { type FixityReport, verifyFixity } from './fixity.service.ts';

export function registerEvidenceCommands(program: Command, ctx: CliContext): void {
  const evidence = program.command('evidence').description('Photos, videos and audio kept as evidence');
  const withEvidence = <T>(work: (ev: Evidence) => Promise<T>) =>
    ctx.withDb((db: Db) => work(openEvidence(db, ctx.config().dataDir, { analyseOnReceipt: false })));

  evidence
    .command('verify')
    .description('Re-hash every stored original; name any that changed or vanished (exit code 1 if so)')
    .action(async () => {
      const report = await withEvidence((ev) =>
        verifyFixity(ev, cliActor, (done, total) => {
          if (!ctx.json() && process.stderr.isTTY) process.stderr.write(`\rchecked ${done}/${total}`);
        }),
      );
      if (!ctx.json() && process.stderr.isTTY) process.stderr.write('\n');
      ctx.print(report, () => describeFixity(report));
      if (report.problems.length > 0 || report.unreferenced.length > 0) process.exitCode = 1;
    });

  evidence
    .command('list')
    .description('List evidence items, oldest first')
    .option('--limit <n>', 'how many', '50')
    .option('--cursor <c>', 'next_cursor from the previous page')
    .action(async (o: { limit: string; cursor?: string }) => {
      const page = await withEvidence((ev) => pageItems(ev, { limit: Number(o.limit), cursor: o.cursor }));
      ctx.print(page, () => {
        const rows = page.items.map((i) => ({ ...i, sha256: i.sha256.slice(0, 16) }));
        const text = table(rows, [
          'id',
          'media_type',
          'size',
          'sha256',
          'verification_status',
          'received_at',
        ]);
        return page.next_cursor ? `${text}\nmore: --cursor ${page.next_cursor}` : text;
      });
    });

  evidence
    .command('show <id>')
    .description('Show one item: provenance, file metadata, duplicates, verification')
    .action(async (id: string) => {
      const item = await withEvidence((ev) => getItem(ev, id));
      ctx.print(item, () => JSON.stringify(item, null, 2));
    });

  evidence
    .command('custody <id>')
    .description("Show an item's chain of custody, oldest event first")
    .action(async (id: string) => {
      const entries = await withEvidence((ev) => getCustody(ev, id));
      ctx.print(entries, () =>
        table(
          entries.map((e) => ({ ...e, details: JSON.stringify(e.details) })),
          ['at', 'actor', 'event', 'details'],
        ),
      );
    });

  evidence
    .command('export <id>')
    .description('Write the original, item.json and custody.json into a directory (logged as an export)')
    .requiredOption('--out <dir>', 'directory to write into')
    .requiredOption('--purpose <text>', 'why it is exported (kept in the chain of custody)')
    .action(async (id: string, o: { out: string; purpose: string }) => {
      const result = await withEvidence((ev) => exportItem(ev, cliActor, id, o.out, o.purpose));
      ctx.print(result, () => `Exported ${id} to ${result.dir} (sha256 ${result.sha256})`);
    });

  evidence
    .command('analyse [id]')
    .description('Read file metadata and perceptual hashes: one item, or every item still pending')
    .action(async (id: string | undefined) => {
      const results = await withEvidence(async (ev) => {
        const ids = id ? [id] : await pendingItemIds(ev, 10_000);
        const done = [];
        for (const itemId of ids) done.push({ id: itemId, ...(await analyseItem(ev, cliActor, itemId)) });
        return done;
      });
      ctx.print(results, () =>
        table(
          results.map((r) => ({ ...r, near_duplicates: r.nearDuplicates.map((n) => n.item_id).join(' ') })),
          ['id', 'status', 'hashes', 'near_duplicates', 'error'],
        ),
      );
    });

  evidence
    .command('derive <id>')
    .description('Make a working copy (never touches the original)')
    .requiredOption('--kind <kind>', `one of: ${derivativeKinds.join(', ')}`)
    .action(async (id: string, o: { kind: string }) => {
      const kind = zDerivativeKind.parse(o.kind);
      const derivative = await withEvidence((ev) => makeDerivative(ev, cliActor, id, kind));
      ctx.print(derivative, () => `Made ${kind} copy ${derivative.id} (sha256 ${derivative.sha256})`);
    });
}

export function describeFixity(report: FixityReport): string {
  const lines = [`Checked ${report.checked} originals (${report.bytes} bytes): ${report.intact} intact.`];
  for (const problem of report.problems) {
    const items = problem.item_ids.join(', ');
    lines.push(
      problem.status === 'missing'
        ? `MISSING  ${problem.sha256}  items: ${items}`
        : `ALTERED  ${problem.sha256}  now hashes to ${problem.actual_sha256}  items: ${items}`,
    );
  }
  for (const key of report.unreferenced)
    lines.push(`UNREFERENCED  ${key} (stored, but no record points at it)`);
  return lines.join('\n');
}
