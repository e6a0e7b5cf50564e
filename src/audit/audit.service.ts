import type { Progress } from '../core/progress.ts';
import type { Queryable } from '../db/client.ts';
import { countRowsToVerify } from './audit.repo.ts';
import {
  type ChainReport,
  type PublicationCheck,
  verifyAuditChain,
  verifyPublications,
} from './audit.verify.ts';
import { type Checkpoint, checkpointProblem } from './checkpoint.ts';
import {
  type ClaimCheck,
  ProblemList,
  type ReportCheck,
  type RowProblem,
  verifyClaims,
  verifyNothingDeleted,
  verifyReports,
} from './content.verify.ts';

export interface AuditReport {
  intact: boolean;
  chain: ChainReport;
  reports: ReportCheck;
  claims: ClaimCheck;
  publications: PublicationCheck;
  checkpoints: Array<{ name: string; chain_seq: number; problem: string | null }>;
  /** The first 100 rows that differ from what the audit log recorded, and how many there are in all. */
  problems: RowProblem[];
  problem_count: number;
}

export interface VerifyOptions {
  checkpoints?: Array<{ name: string; checkpoint: Checkpoint }>;
  /** This monitor's signing public key, when its keyring has one. */
  trustedKey?: string | null;
  progress?: (label: string, total: number) => Progress;
}

/**
 * Everything `tally audit verify` checks: the chain; every report and claim against what its
 * audit entries recorded; every publication's and every given checkpoint's anchor in the chain.
 */
export async function verifyAudit(db: Queryable, options: VerifyOptions = {}): Promise<AuditReport> {
  const bar = options.progress ?? (() => ({ update() {}, finish() {} }));
  const totals = await countRowsToVerify(db);
  const problems = new ProblemList();
  const run = async <T>(label: string, total: number, work: (p: Progress) => Promise<T>) => {
    const progress = bar(label, total);
    try {
      return await work(progress);
    } finally {
      progress.finish();
    }
  };
  const chain = await run('Audit chain', totals.audit, (p) => verifyAuditChain(db, p));
  const reports = await run('Reports', totals.reports, (p) => verifyReports(db, problems, p));
  const claims = await run('Claims', totals.claims, (p) => verifyClaims(db, problems, p));
  await verifyNothingDeleted(db, problems);
  const publications = await verifyPublications(db, problems);
  const checkpoints = [];
  for (const { name, checkpoint } of options.checkpoints ?? []) {
    const problem = await checkpointProblem(db, checkpoint, options.trustedKey ?? null);
    checkpoints.push({ name, chain_seq: checkpoint.chain_seq, problem });
  }
  return {
    intact: !chain.first_broken && problems.count === 0 && checkpoints.every((c) => c.problem === null),
    chain,
    reports,
    claims,
    publications,
    checkpoints,
    problems: problems.items,
    problem_count: problems.count,
  };
}
