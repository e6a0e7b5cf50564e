import { Command, CommanderError } from 'commander';
import { registerServeCommand } from '../api/server.cli.ts';
import { registerAuditCommands } from '../audit/audit.cli.ts';
import { registerKeyCommands } from '../auth/keys.cli.ts';
import { registerUserCommands } from '../auth/users.cli.ts';
import { registerBackupCommands } from '../backup/backup.cli.ts';
import { TallyError } from '../core/errors.ts';
import { registerDbCommands } from '../db/db.cli.ts';
import { registerDemoCommands } from '../demo/demo.cli.ts';
import { registerEvidenceCommands } from '../evidence/evidence.cli.ts';
import { registerExtractCommands } from '../extract/extract.cli.ts';
import { registerIncidentCommands } from '../incidents/incidents.cli.ts';
import { registerIntakeCommands } from '../intake/intake.cli.ts';
import { registerOpenDataCommands } from '../opendata/opendata.cli.ts';
import { registerPlaceCommands } from '../places/places.cli.ts';
import { registerSourceCommands } from '../sources/sources.cli.ts';
import { registerTollCommands } from '../tolls/tolls.cli.ts';
import { registerLinkCommands } from '../victims/linkage/link.cli.ts';
import { registerVictimCommands } from '../victims/victims.cli.ts';
import { createCliContext } from './context.ts';

const program = new Command('tally')
  .description('Tally: record what sources said about the human cost of armed conflict')
  .option(
    '--data <dir>',
    'embedded database directory (env TALLY_DATA, default ./tally-data); ignored when DATABASE_URL is set',
  )
  .option('--json', 'print results as JSON')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true })
  .exitOverride();

const ctx = createCliContext(program);
registerServeCommand(program, ctx);
registerDbCommands(program, ctx);
registerSourceCommands(program, ctx);
registerIntakeCommands(program, ctx);
registerIncidentCommands(program, ctx);
registerPlaceCommands(program, ctx);
registerExtractCommands(program, ctx);
registerAuditCommands(program, ctx);
registerUserCommands(program, ctx);
registerKeyCommands(program, ctx);
registerBackupCommands(program, ctx);
registerEvidenceCommands(program, ctx);
registerTollCommands(program, ctx);
registerVictimCommands(program, ctx);
registerLinkCommands(program, ctx);
registerOpenDataCommands(program, ctx);
registerDemoCommands(program, ctx);

// Every subcommand rejects unknown options and says so.
for (const command of program.commands) command.allowUnknownOption(false);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportCliError(error);
}

/** Prints an error the way a person can act on it; returns the exit code. */
function reportCliError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander already printed help or the usage error.
    return error.exitCode === 0 ||
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version'
      ? 0
      : 2;
  }
  if (error instanceof TallyError) {
    if (ctx.json()) process.stderr.write(`${JSON.stringify(error.toJSON())}\n`);
    else {
      process.stderr.write(`tally: ${error.message}\n`);
      for (const field of error.fields) process.stderr.write(`  ${field.field}: ${field.message}\n`);
    }
    return 1;
  }
  process.stderr.write(`tally: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
}
