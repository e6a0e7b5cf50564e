import type { Command } from 'commander';
import type { CliContext } from '../cli/context.ts';
import { verifyAuditChain } from './audit.verify.ts';

export function registerAuditCommands(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('The tamper-evident audit log');
  audit
    .command('verify')
    .description(
      'Check the hash chain of the audit log; name the first entry that was edited, deleted or slipped in',
    )
    .action(async () => {
      const report = await ctx.withDb((db) => verifyAuditChain(db));
      ctx.print(report, () => {
        const head = report.head ? ` Head: #${report.head.chain_seq} ${report.head.hash}.` : '';
        if (!report.first_broken) return `The audit log is intact: ${report.entries} entries.${head}`;
        const b = report.first_broken;
        return `BROKEN at entry #${b.chain_seq ?? '?'} (audit id ${b.audit_id}): ${b.problem}. ${report.entries} entries before it are intact.`;
      });
      if (report.first_broken) process.exitCode = 3;
    });
}
