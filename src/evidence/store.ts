import { createReadStream } from 'node:fs';
import { chmod, link, mkdir, open, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where originals and working copies live, by key. Keys are content addresses
 * (`originals/<sha256>`, `derivatives/<sha256>`), so an object never changes once
 * written and the same bytes are one object. The filesystem store is the default;
 * an S3-compatible store implements the same five calls (PutObject with
 * If-None-Match: *, GetObject, HeadObject, ListObjectsV2, and a download to a
 * temporary file for tools that need a path).
 */
export interface ObjectStore {
  /**
   * Copies or links a finished local file in under `key`. When the key already
   * exists nothing is replaced (`created: false`): content addressing means the
   * stored object already holds these bytes. The local file is left in place.
   * Resolves only once the object is durable.
   */
  putFile(key: string, localPath: string): Promise<{ created: boolean }>;
  /** A stream of the object's bytes; rejects with code 'ENOENT' when it is absent. */
  read(key: string): Promise<Readable>;
  /** Size of the object, or undefined when it is absent. */
  size(key: string): Promise<number | undefined>;
  /** Keys under a prefix, in no particular order. */
  list(prefix: string): AsyncIterable<string>;
  /** Runs `work` with a local path to the object (ffprobe, sharp and ffmpeg want one). */
  withLocalPath<T>(key: string, work: (path: string) => Promise<T>): Promise<T>;
}

export const originalKey = (sha256: string) => `originals/${sha256}`;
export const derivativeKey = (sha256: string) => `derivatives/${sha256}`;

/** Objects under `<root>/<prefix>/<aa>/<bb>/<sha256>`: two levels of fan-out keep directories small. */
export class LocalObjectStore implements ObjectStore {
  constructor(readonly root: string) {}

  pathOf(key: string): string {
    const match = key.match(/^(originals|derivatives)\/([0-9a-f]{64})$/);
    if (!match) throw new Error(`Not an evidence object key: ${key}`);
    const [, prefix, sha] = match as unknown as [string, string, string];
    return join(this.root, prefix, sha.slice(0, 2), sha.slice(2, 4), sha);
  }

  async putFile(key: string, localPath: string): Promise<{ created: boolean }> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    await fsyncPath(localPath);
    try {
      // A hard link is atomic and, unlike rename, never replaces an existing object.
      await link(localPath, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { created: false };
      throw error;
    }
    // Read-only guards against accidental edits; fixity checks catch the deliberate ones.
    await chmod(target, 0o444);
    await fsyncPath(dirname(target));
    return { created: true };
  }

  async read(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    await stat(path); // surfaces ENOENT now rather than as a stream error later
    return createReadStream(path, { highWaterMark: 1024 * 1024 });
  }

  async size(key: string): Promise<number | undefined> {
    try {
      return (await stat(this.pathOf(key))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async *list(prefix: string): AsyncIterable<string> {
    const top = join(this.root, prefix);
    for (const a of await readdirOrEmpty(top)) {
      for (const b of await readdirOrEmpty(join(top, a))) {
        for (const name of await readdirOrEmpty(join(top, a, b))) yield `${prefix}/${name}`;
      }
    }
  }

  async withLocalPath<T>(key: string, work: (path: string) => Promise<T>): Promise<T> {
    const path = this.pathOf(key);
    await stat(path);
    return work(path);
  }
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Flushes a file or directory to disk, so "stored" survives a power cut. */
export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The evidence area of the data directory, also used when DATABASE_URL points elsewhere. */
export const evidenceDir = (dataDir: string) => join(dataDir, 'evidence');
