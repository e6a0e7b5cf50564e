import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';
import { type DataDirLock, lockDataDir } from './lock.ts';

/**
 * The one database handle the rest of Tally sees. Driver types stay in this file:
 * repositories write plain SQL with $1 parameters against `Queryable`, and the same
 * SQL runs on embedded PGlite and on a PostgreSQL server.
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs parameterless SQL that may hold several statements (migrations); returns the last statement's rows. */
  exec<Row = Record<string, unknown>>(sql: string): Promise<Row[]>;
}

export interface Db extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: commits if it resolves, rolls back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onNotify` for each NOTIFY on `channel` (from any connection, any process) until the
   * returned function is called. `onLost` says the subscription broke and notifications may
   * have been missed; the caller subscribes again when it needs to.
   */
  listen(channel: string, onNotify: () => void, onLost: () => void): Promise<() => Promise<void>>;
  /**
   * A handle that keeps one connection between statements, for a caller that sends one
   * statement at a time on a hot path (the intake queue). Through the pool, each statement
   * waits for a checkout that pg-pool defers to the next tick, i.e. until all the JavaScript
   * already queued has run; on a held connection it is sent at once. A connection that fails
   * is dropped and the next statement takes a fresh one. Released by `close()`.
   */
  holdConnection(): Queryable;
  close(): Promise<void>;
}

export type OpenDbOptions = {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  poolSize?: number;
  /** Who opens an embedded directory, named to a process it refuses (e.g. "tally serve"). */
  command?: string;
};

/**
 * DATABASE_URL wins; otherwise embedded PGlite in `dataDir`, or in memory when no directory is given.
 * An embedded directory is locked for as long as the handle is open: opening one that another
 * live process holds throws DataDirInUse (db/lock.ts). A PostgreSQL server takes many processes.
 */
export async function openDb(options: OpenDbOptions): Promise<Db> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir, options.command ?? defaultCommand());
}

const defaultCommand = () => `tally ${process.argv.slice(2).join(' ')}`.trim();

// Both engines hand back the same JS types: bigint and numeric as numbers (Tally's
// counts fit easily), dates as 'YYYY-MM-DD' strings (a date has no time zone),
// timestamptz as Date.
const asNumber = (value: string) => Number(value);
const asText = (value: string) => value;

async function openPglite(dataDir: string | undefined, command: string): Promise<Db> {
  let location = 'memory://';
  let lock: DataDirLock | undefined;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    // Before PGlite touches a file: a second instance corrupts the directory just by opening it.
    lock = lockDataDir(dataDir, command);
    location = join(dataDir, 'pglite');
    mkdirSync(location, { recursive: true });
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(location, {
      parsers: { [pgliteTypes.INT8]: asNumber, [pgliteTypes.NUMERIC]: asNumber, [pgliteTypes.DATE]: asText },
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const wrap = (target: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await target.query<Row>(sql, params)).rows;
    },
    async exec<Row>(sql: string) {
      return ((await target.exec(sql)).at(-1)?.rows ?? []) as Row[];
    },
  });
  return {
    engine: 'pglite',
    ...wrap(pglite),
    // PGlite has one connection; its transaction() queues other work until this one ends.
    transaction: (work) => pglite.transaction((tx) => work(wrap(tx))),
    // One process holds an embedded database, so every NOTIFY it can miss is its own.
    listen: (channel, onNotify) => pglite.listen(channel, () => onNotify()),
    holdConnection: () => wrap(pglite),
    async close() {
      try {
        await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}

const pgTypes = new pg.TypeOverrides();
pgTypes.setTypeParser(pg.types.builtins.INT8, asNumber);
pgTypes.setTypeParser(pg.types.builtins.NUMERIC, asNumber);
pgTypes.setTypeParser(pg.types.builtins.DATE, asText);

async function openPostgres(url: string, poolSize: number): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes });
  const listeners = new Set<pg.Client>();
  const held = new Set<pg.PoolClient>();
  // An idle connection that the server drops (a restart, an admin terminating it) must not
  // crash the process: the pool discards it and the next query opens a fresh one.
  pool.on('error', () => {});
  // Fail at start, with the server's own words, rather than on the first request.
  const probe = await pool.connect().catch((cause: Error) => {
    throw new Error(`Cannot connect to PostgreSQL at DATABASE_URL: ${cause.message}`, { cause });
  });
  probe.release();
  const wrap = (target: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row>(sql: string, params: unknown[] = []) {
      // Named statements are parsed and planned once per connection; Tally's SQL
      // strings are fixed, so the cache stays small and the hot paths skip planning.
      return (await target.query({ name: statementName(sql), text: sql, values: params })).rows as Row[];
    },
    async exec<Row>(sql: string) {
      // Without values pg uses the simple protocol, which accepts several statements.
      const result = (await target.query(sql)) as pg.QueryResult | pg.QueryResult[];
      return (Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows) as Row[];
    },
  });
  return {
    engine: 'postgres',
    ...wrap(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channel, onNotify, onLost) {
      // A connection of its own, outside the pool: LISTEN lasts as long as the session.
      const client = new pg.Client({ connectionString: url, types: pgTypes });
      listeners.add(client);
      let stopped = false;
      const lost = () => {
        listeners.delete(client);
        if (!stopped) onLost();
        stopped = true;
      };
      client.on('notification', (message) => {
        if (message.channel === channel) onNotify();
      });
      client.on('error', lost);
      client.on('end', lost);
      try {
        await client.connect();
        await client.query(`LISTEN "${channel.replaceAll('"', '')}"`);
      } catch (error) {
        lost();
        await client.end().catch(() => {});
        throw error;
      }
      return async () => {
        stopped = true;
        listeners.delete(client);
        await client.end().catch(() => {});
      };
    },
    holdConnection: () => holdPoolConnection(pool, held, wrap),
    async close() {
      for (const client of listeners) await client.end().catch(() => {});
      for (const client of held) client.release();
      held.clear();
      await pool.end();
    },
  };
}

/**
 * One pool connection kept between statements (Db.holdConnection). When it breaks (a statement
 * fails with `connectionLost`, or the server ends it between statements) it is dropped and the
 * next statement checks out a fresh one. `held` is what Db.close() gives back before ending the pool.
 */
function holdPoolConnection(
  pool: pg.Pool,
  held: Set<pg.PoolClient>,
  wrap: (client: pg.PoolClient) => Queryable,
): Queryable {
  let current: Promise<pg.PoolClient> | undefined;
  const drop = (client: pg.PoolClient, error: Error) => {
    if (!held.delete(client)) return;
    current = undefined;
    client.release(error); // with an error, the pool destroys the connection
  };
  const checkOut = async () => {
    const client = await pool.connect();
    held.add(client);
    // A checked-out client that errors with no listener would crash the process.
    client.on('error', (error) => drop(client, error));
    return client;
  };
  const onHeldConnection = async <T>(use: (connection: Queryable) => Promise<T>): Promise<T> => {
    current ??= checkOut().catch((error: unknown) => {
      current = undefined;
      throw error;
    });
    const client = await current;
    try {
      return await use(wrap(client));
    } catch (error) {
      if (connectionLost(error)) drop(client, error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  };
  return {
    query: (sql, params) => onHeldConnection((connection) => connection.query(sql, params)),
    exec: (sql) => onHeldConnection((connection) => connection.exec(sql)),
  };
}

const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `tally_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
    statementNames.set(sql, name);
  }
  return name;
}

/**
 * Whether an error ended the connection rather than just the statement: a socket error (no
 * SQLSTATE), a FATAL one such as an administrator terminating the session (57P01), or a
 * connection exception (class 08).
 */
function connectionLost(error: unknown): boolean {
  const state = sqlState(error);
  const severity = (error as { severity?: unknown } | null)?.severity;
  return state === undefined || severity === 'FATAL' || severity === 'PANIC' || state.startsWith('08');
}

/** The SQLSTATE of a database error, on either engine ('23505' unique, '23503' foreign key…). */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
