import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { TallyError } from '../core/errors.ts';

/**
 * One process at a time owns an embedded data directory. Two PGlite instances writing the same
 * files corrupt them beyond repair (each keeps its own buffers and WAL position), so every open of
 * the directory, by the server or any CLI command, first takes `<dataDir>/tally.lock`.
 */
export const LOCK_FILE = 'tally.lock';

/** Who holds the directory: enough to tell a live owner from one that died without cleaning up. */
export interface LockHolder {
  /** The command that took it, e.g. "tally serve", shown to whoever is refused. */
  command: string;
  pid: number;
  host: string;
  /** The holder's start time in clock ticks since boot (Linux), so a reused pid is not taken for it. */
  pid_start: string | null;
  /** The kernel's boot id (Linux): a lock from before a reboot is stale whatever its pid. */
  boot_id: string | null;
  since: string;
}

export interface DataDirLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): void;
}

/** The directory is held by a live process; `holder` says which. */
export class DataDirInUse extends TallyError {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
    message: string,
  ) {
    super('conflict', message, { details: { data_dir: dataDir, holder } });
  }
}

/**
 * Takes the directory's lock for `command`, or throws DataDirInUse when a live process holds it.
 * A lock left by a dead process (kill -9, a crash, a reboot) is taken over, with a note on stderr.
 */
export function lockDataDir(dataDir: string, command: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const holder = currentHolder(command);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, holder)) return heldLock(path, holder);
    const existing = readHolder(path);
    if (existing === 'missing') continue; // released between our attempt and the read: try again
    if (existing !== 'unreadable' && holderAlive(existing)) throw inUse(dataDir, existing);
    if (existing !== 'unreadable' && existing.host !== holder.host) throw inUse(dataDir, existing);
    // Moved aside rather than deleted: if another process took over first, what we moved is its
    // live lock, which goes back, and this process is the one refused.
    const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      renameSync(path, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const moved = readHolder(aside);
    if (moved !== 'missing' && moved !== 'unreadable' && holderAlive(moved)) {
      restore(aside, path);
      throw inUse(dataDir, moved);
    }
    unlinkQuietly(aside);
    process.stderr.write(
      `tally: took over the lock on ${dataDir}: ${describe(moved)} no longer runs (it stopped without releasing it).\n`,
    );
  }
  throw new TallyError(
    'conflict',
    `Could not take the lock ${path}: other processes keep taking it. Stop them and try again.`,
  );
}

function currentHolder(command: string): LockHolder {
  const self = linuxProcess(process.pid);
  return {
    command,
    pid: process.pid,
    host: hostname(),
    pid_start: self?.start ?? null,
    boot_id: bootId(),
    since: new Date().toISOString(),
  };
}

/** Written whole to a private file, then linked into place: no reader ever sees half a lock. */
function tryCreate(path: string, holder: LockHolder): boolean {
  const draft = `${path}.new-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fd = openSync(draft, 'wx', 0o644);
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(draft, path); // fails with EEXIST when the lock is there: the atomic test-and-set
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkQuietly(draft);
  }
}

function heldLock(path: string, holder: LockHolder): DataDirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const current = readHolder(path);
    // Never remove a lock someone else took over (ours was judged stale while we hung).
    if (typeof current === 'object' && current.pid === holder.pid && current.since === holder.since) {
      unlinkQuietly(path);
    }
  };
  // process.exit() (a forced shutdown, an uncaught error) skips close(); the lock goes anyway.
  process.on('exit', release);
  return { path, holder, release };
}

function readHolder(path: string): LockHolder | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return 'unreadable';
    return {
      command: typeof parsed.command === 'string' ? parsed.command : 'tally',
      pid: parsed.pid,
      host: parsed.host,
      pid_start: parsed.pid_start ?? null,
      boot_id: parsed.boot_id ?? null,
      since: typeof parsed.since === 'string' ? parsed.since : '',
    };
  } catch {
    return 'unreadable';
  }
}

/** Whether the process that wrote `holder` still runs. Another host's process is assumed to. */
function holderAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.boot_id && bootId() && holder.boot_id !== bootId()) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user, so it runs.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = linuxProcess(holder.pid);
  // A pid reused by an unrelated process (common in containers, where the server is often pid 1).
  if (holder.pid_start && now && now.start !== holder.pid_start) return false;
  return true;
}

function inUse(dataDir: string, holder: LockHolder): DataDirInUse {
  const shown = relative(process.cwd(), dataDir) || '.';
  const where = shown.startsWith('..') ? dataDir : `./${shown}`;
  const remote = holder.host !== hostname();
  return new DataDirInUse(
    dataDir,
    holder,
    `the database in ${where} is in use by ${describe(holder)}` +
      (remote
        ? `. If that process no longer runs, delete ${join(dataDir, LOCK_FILE)} and try again.`
        : '. Only one process at a time may open an embedded database.'),
  );
}

function describe(holder: LockHolder | 'missing' | 'unreadable'): string {
  if (typeof holder !== 'object') return 'a process';
  const on = holder.host === hostname() ? '' : ` on ${holder.host}`;
  return `\`${holder.command}\` (pid ${holder.pid}${on}${holder.since ? `, since ${holder.since}` : ''})`;
}

/** Field 22 of /proc/<pid>/stat, read after the command name (which may hold spaces and brackets). */
function linuxProcess(pid: number): { start: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = fields[19];
    return start ? { start } : null;
  } catch {
    return null;
  }
}

let cachedBootId: string | null | undefined;
function bootId(): string | null {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
    } catch {
      cachedBootId = null;
    }
  }
  return cachedBootId;
}

function restore(aside: string, path: string): void {
  try {
    linkSync(aside, path);
  } catch {
    // A third process took the lock meanwhile; it holds it now.
  }
  unlinkQuietly(aside);
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
