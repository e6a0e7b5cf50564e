import type { FastifyInstance } from 'fastify';
import type { Config } from '../core/config.ts';
import { createLogger } from '../core/log.ts';
import { openDb } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { ensureGazetteer } from '../places/resolve.ts';
import { buildApp } from './app.ts';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** config → database → migrations → app → listen; closing drains requests, then the database. */
export async function startServer(config: Config): Promise<RunningServer> {
  const logger = createLogger(config.logLevel);
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrate(db);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');
  const places = await ensureGazetteer(db);
  if (places > 0) logger.info({ places }, 'gazetteer loaded');
  const app = await buildApp({ db, logger, bodyLimitBytes: config.bodyLimitBytes });
  const url = await app.listen({ host: config.host, port: config.port });
  logger.info(
    { url, engine: db.engine, ...(db.engine === 'pglite' ? { dataDir: config.dataDir } : {}) },
    'Tally is serving',
  );
  let closing: Promise<void> | undefined;
  return {
    app,
    url,
    close() {
      closing ??= (async () => {
        await app.close();
        await db.close();
      })();
      return closing;
    },
  };
}

/** Stops cleanly on SIGINT/SIGTERM: in-flight requests finish, the database closes, then the process exits. */
export function closeOnSignals(server: RunningServer): void {
  const stop = (signal: string) => {
    server.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (error) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
