import type { FastifyInstance } from 'fastify';
import { keyringPathFor } from '../auth/keys.cli.ts';
import { ensureFirstAdmin } from '../auth/users.service.ts';
import type { Config } from '../core/config.ts';
import { loadKeyring } from '../core/keyring.ts';
import { createLogger, type Logger } from '../core/log.ts';
import { type Db, openDb } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { demoOffered } from '../demo/demo.service.ts';
import { JobQueue } from '../jobs/queue.ts';
import { allJobs, type RunningWorker, startWorker } from '../jobs/worker.ts';
import { ensureGazetteer } from '../places/resolve.ts';
import { buildApp } from './app.ts';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /** Set on the first start of an empty database: print it once, it is not stored anywhere. */
  firstAdmin: { username: string; password: string } | null;
  /** The database holds no reports yet: a sample monitor can be loaded (POST /api/v1/demo). */
  empty: boolean;
  engine: Db['engine'];
  close(): Promise<void>;
}

/**
 * Opens the database and brings it up to date: migrations, then the shipped gazetteer on first start.
 * An embedded directory stays locked by this process until the handle closes (db/lock.ts).
 */
export async function openReadyDb(config: Config, logger: Logger, command = 'tally serve'): Promise<Db> {
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, command });
  try {
    const applied = await migrate(db);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
    const places = await ensureGazetteer(db);
    if (places > 0) logger.info({ places }, 'gazetteer loaded');
    return db;
  } catch (error) {
    await db.close().catch(() => {}); // and with it the directory's lock
    throw error;
  }
}

/**
 * config → database → queue → app → listen. Closing drains requests, lets
 * running jobs finish, then closes the database.
 */
export async function startServer(
  config: Config,
  options: { worker?: boolean } = {},
): Promise<RunningServer> {
  const logger = createLogger(config.logLevel);
  const db = await openReadyDb(config, logger);
  const jobs = await JobQueue.start(db, allJobs, logger);
  const worker: RunningWorker | undefined =
    options.worker === false ? undefined : await startWorker(db, jobs, logger);
  const keyring = loadKeyring(keyringPathFor(config.dataDir));
  const firstAdmin = await ensureFirstAdmin(db);
  const empty = await demoOffered(db);
  const app = await buildApp({
    db,
    jobs,
    keyring,
    dataDir: config.dataDir,
    logger,
    bodyLimitBytes: config.bodyLimitBytes,
    // Browsers keep Secure cookies from plain HTTP only on loopback; anywhere else Tally must sit behind TLS.
    secureCookies: !isLoopback(config.host),
  });
  const url = await app.listen({ host: config.host, port: config.port });
  logger.info(
    {
      url,
      engine: db.engine,
      worker: Boolean(worker),
      ...(db.engine === 'pglite' ? { dataDir: config.dataDir } : {}),
    },
    'Tally is serving',
  );
  let closing: Promise<void> | undefined;
  return {
    app,
    url,
    firstAdmin,
    empty,
    engine: db.engine,
    close() {
      closing ??= (async () => {
        await app.close();
        if (worker) await worker.stop();
        else await jobs.stop();
        await db.close();
      })();
      return closing;
    },
  };
}

/** Stops cleanly on SIGINT/SIGTERM: in-flight work finishes, the database closes, then the process exits. */
export function closeOnSignals(close: () => Promise<void>, logger: Pick<Logger, 'info' | 'error'>): void {
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    close().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');
