/**
 * A throwaway PostgreSQL server for tests and benchmarks: initdb in a temp
 * directory as an unprivileged user (PostgreSQL refuses to run as root), on a
 * free loopback port, with fsync off. Used by vitest's global setup and by
 * .ci/run:  node bin/run-ts.js test/postgres-server.ts start|stop DIR
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ThrowawayPostgres {
  url: string;
  dataDir: string;
  stop(): void;
}

/** The directory holding initdb and pg_ctl, or undefined when PostgreSQL is not installed. */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  try {
    const initdb = execFileSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).trim();
    return initdb ? initdb.replace(/\/initdb$/, '') : undefined;
  } catch {
    return undefined;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function unprivilegedUser(): { name: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      return { name, uid, gid };
    } catch {}
  }
  throw new Error('Running as root and no unprivileged user (postgres, nobody) exists to run PostgreSQL');
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = findPostgresBin();
  if (!bin)
    throw new Error(
      'PostgreSQL is not installed: apt-get install postgresql, or set TALLY_TEST_DATABASE_URL',
    );
  const dataDir = mkdtempSync(join(tmpdir(), 'tally-pg-'));
  const user = unprivilegedUser();
  if (user) chownSync(dataDir, user.uid, user.gid);
  const run = (command: string, args: string[]) => {
    const full = join(bin, command);
    if (user) execFileSync('runuser', ['-u', user.name, '--', full, ...args], { stdio: 'pipe' });
    else execFileSync(full, args, { stdio: 'pipe' });
  };
  const port = await freePort();
  const pgdata = join(dataDir, 'data');
  run('initdb', ['-D', pgdata, '-U', 'tally', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
  // fsync off: the data is thrown away, so a crash may lose it. synchronous_commit stays on
  // (PostgreSQL's default): with fsync off a commit then writes its WAL itself, where an
  // asynchronous commit wakes the WAL writer process every time, which cost the intake
  // statement 15-18 % more time and database CPU on the two-core bench machine.
  run('pg_ctl', [
    'start',
    '-D',
    pgdata,
    '-w',
    '-l',
    join(dataDir, 'server.log'),
    '-o',
    `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200`,
  ]);
  return {
    url: `postgres://tally@127.0.0.1:${port}/postgres`,
    dataDir,
    stop() {
      try {
        run('pg_ctl', ['stop', '-D', pgdata, '-m', 'immediate', '-w']);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

export function stopThrowawayPostgres(dataDir: string): void {
  const bin = findPostgresBin();
  const user = unprivilegedUser();
  if (bin) {
    const args = ['stop', '-D', join(dataDir, 'data'), '-m', 'immediate', '-w'];
    try {
      if (user)
        execFileSync('runuser', ['-u', user.name, '--', join(bin, 'pg_ctl'), ...args], { stdio: 'pipe' });
      else execFileSync(join(bin, 'pg_ctl'), args, { stdio: 'pipe' });
    } catch {}
  }
  rmSync(dataDir, { recursive: true, force: true });
}

const isMain = process.argv[1]?.endsWith('postgres-server.ts');
if (isMain) {
  const [command, dir] = process.argv.slice(2);
  if (command === 'start') {
    const pg = await startThrowawayPostgres();
    // Shell-friendly: eval "$(node bin/run-ts.js test/postgres-server.ts start)"
    console.log(`export TALLY_TEST_DATABASE_URL='${pg.url}'; export TALLY_PG_DIR='${pg.dataDir}'`);
  } else if (command === 'stop' && dir) {
    stopThrowawayPostgres(dir);
  } else {
    console.error('usage: node bin/run-ts.js test/postgres-server.ts start | stop DIR');
    process.exit(2);
  }
}
