import type { Command } from 'commander';
import type { CliContext } from '../cli/context.ts';
import { explainInUse } from '../cli/in-use.ts';
import { loadConfig } from '../core/config.ts';
import { createLogger } from '../core/log.ts';
import { JobQueue } from '../jobs/queue.ts';
import { allJobs, startWorker } from '../jobs/worker.ts';
import { closeOnSignals, openReadyDb, startServer } from './server.ts';

/**
 * What loads the sample monitor while this server runs. On the embedded engine the server owns the
 * directory, so `tally demo` beside it is refused; on PostgreSQL it works alongside.
 */
export function emptyDatabaseHint(url: string, engine: 'pglite' | 'postgres'): string {
  const beside =
    engine === 'pglite'
      ? 'or stop the server and run `npx tally demo`'
      : 'or run `npx tally demo` in another terminal';
  return `The database is empty: sign in to ${url} as an admin and load the sample monitor from the dashboard (POST /api/v1/demo), ${beside}.`;
}

export function registerServeCommand(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('Serve the API on one port, with a background worker in the same process')
    .option('--port <n>', 'port to listen on (env PORT, default 3000)')
    .option('--host <addr>', 'address to listen on (env TALLY_HOST, default 127.0.0.1)')
    .option('--no-worker', 'do not work background jobs here (run `tally worker` elsewhere)')
    .action(async (options: { port?: string; host?: string; worker: boolean }) => {
      const config = loadConfig({
        ...ctx.config(),
        ...(options.port ? { port: Number(options.port) } : {}),
        ...(options.host ? { host: options.host } : {}),
      });
      const server = await startServer(config, { worker: options.worker }).catch(explainInUse('serve'));
      closeOnSignals(server.close, server.app.log);
      if (server.firstAdmin) {
        ctx.status(
          `\nFirst start: created the account "${server.firstAdmin.username}" with the one-time password\n\n    ${server.firstAdmin.password}\n\n` +
            'It is shown only now. Sign in and change it; then add a second factor (POST /api/v1/auth/totp/enroll).\n',
        );
      }
      ctx.status(`Tally is serving on ${server.url} (API docs: ${server.url}/api/docs)`);
      if (server.empty) ctx.status(emptyDatabaseHint(server.url, server.engine));
    });

  program
    .command('worker')
    .description('Work background jobs (wire extraction, ...) from the shared queue until stopped')
    .action(async () => {
      const config = ctx.config();
      const logger = createLogger(config.logLevel);
      const db = await openReadyDb(config, logger, 'tally worker').catch(explainInUse('worker'));
      const jobs = await JobQueue.start(db, allJobs, logger);
      const worker = await startWorker(db, jobs, logger);
      closeOnSignals(async () => {
        await worker.stop();
        await db.close();
      }, logger);
      ctx.status(`Tally worker is running on ${db.engine}; stop it with Ctrl-C`);
    });
}
