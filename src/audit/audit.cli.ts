import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { keyringPathFor } from '../auth/keys.cli.ts';
import type { CliContext } from '../cli/context.ts';
import { loadSigner, signingPublicKey } from '../core/keyring.ts';
import { createProgress } from '../core/progress.ts';
import { type AuditReport, verifyAudit } from './audit.service.ts';
import { createCheckpoint, readCheckpointFile } from './checkpoint.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

function describe(report: AuditReport): string {
  const { chain, reports, claims, publications } = report;
  const head = chain.head ? ` Head: #${chain.head.chain_seq} ${chain.head.hash}.` : '';
  const b = chain.first_broken;
  const lines = [
    b
      ? `Chain BROKEN at entry #${b.chain_seq ?? '?'} (audit id ${b.audit_id}): ${b.problem}. ${chain.entries} entries before it are intact.`
      : `The audit chain is intact: ${chain.entries} entries.${head}`,
    `Reports: ${reports.checked} checked, ${reports.rehashed} re-hashed` +
      (reports.not_rehashable > 0
        ? `; ${reports.not_rehashable} stored with claims before row hashes were recorded (only their content hash compared)`
        : ''),
    `Claims: ${claims.checked} checked, ${claims.recorded_hash} against a recorded hash, ${claims.derived_hash} against older entries holding the whole claim` +
      (claims.no_hash > 0 ? `; ${claims.no_hash} had no recorded hash and could not be checked` : ''),
    `Publications: ${publications.anchored} recorded audit heads checked` +
      (publications.unanchored > 0
        ? `; ${publications.unanchored} published before heads were recorded`
        : ''),
    ...report.checkpoints.map((c) =>
      c.problem
        ? `Checkpoint ${c.name} (#${c.chain_seq}) FAILS: ${c.problem}`
        : `Checkpoint ${c.name} (#${c.chain_seq}) holds`,
    ),
    ...report.problems.map((p) => `DIFFERS: ${p.entity} ${p.id} (${p.field}): ${p.problem}`),
  ];
  if (report.problem_count > report.problems.length)
    lines.push(
      `... and ${report.problem_count - report.problems.length} more (--json lists the first ${report.problems.length})`,
    );
  lines.push(report.intact ? "Verified: nothing was changed behind Tally's back." : 'NOT intact: see above.');
  return lines.join('\n');
}

export function registerAuditCommands(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('The tamper-evident audit log');
  audit
    .command('verify')
    .description(
      'Check the audit chain, every report and claim against what its audit entry recorded, the audit head each publication recorded, and any checkpoints given',
    )
    .option(
      '--checkpoint <file>',
      'a checkpoint from `tally audit checkpoint` the chain must still hold (repeatable)',
      collect,
      [],
    )
    .action(async (options: { checkpoint: string[] }) => {
      const checkpoints = options.checkpoint.map((name) => ({ name, checkpoint: readCheckpointFile(name) }));
      const trustedKey = signingPublicKey(keyringPathFor(ctx.config().dataDir));
      const report = await ctx.withDb((db) =>
        verifyAudit(db, {
          checkpoints,
          trustedKey,
          progress: (label, total) => createProgress(label, total),
        }),
      );
      ctx.print(report, () => describe(report));
      if (!report.intact) process.exitCode = 3;
    });
  audit
    .command('checkpoint')
    .description(
      "Sign the audit chain's head with the keyring's Ed25519 key; keep the file elsewhere and give it to `audit verify --checkpoint`",
    )
    .option('--out <file>', 'write the checkpoint here instead of to stdout')
    .action(async (options: { out?: string }) => {
      const signer = loadSigner(keyringPathFor(ctx.config().dataDir));
      const checkpoint = await ctx.withDb((db) => createCheckpoint(db, signer));
      const text = `${JSON.stringify(checkpoint, null, 2)}\n`;
      if (!options.out) {
        process.stdout.write(text);
        return;
      }
      writeFileSync(options.out, text);
      ctx.print(
        { ...checkpoint, file: options.out },
        () =>
          `Checkpoint of entry #${checkpoint.chain_seq} (${checkpoint.hash}) written to ${options.out}. Keep it off this machine.`,
      );
    });
}
