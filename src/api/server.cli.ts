import type { Command } from 'commander';
import type { CliContext } from '../cli/context.ts';
import { loadConfig } from '../core/config.ts';
import { closeOnSignals, startServer } from './server.ts';

export function registerServeCommand(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('Serve the API (and later the web app) on one port')
    .option('--port <n>', 'port to listen on (env PORT, default 3000)')
    .option('--host <addr>', 'address to listen on (env TALLY_HOST, default 127.0.0.1)')
    .action(async (options: { port?: string; host?: string }) => {
      const base = ctx.config();
      const config = loadConfig({
        ...base,
        ...(options.port ? { port: Number(options.port) } : {}),
        ...(options.host ? { host: options.host } : {}),
      });
      const server = await startServer(config);
      closeOnSignals(server);
      ctx.status(`Tally is serving on ${server.url} (API docs: ${server.url}/api/docs)`);
    });
}
