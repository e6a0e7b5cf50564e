import { type ChildProcess, execFile, spawn } from 'node:child_process';

/** Real `tally` processes for tests that need more than one: the server, and CLI commands beside it. */

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tally --data DIR --json ARGS` to the end; never throws on a non-zero exit. */
export function runCli(dataDir: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/tally.js', '--data', dataDir, '--json', ...args],
      { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  exited: Promise<number | null>;
}

/** `tally serve --port 0 --no-worker` on `dataDir`, resolved once it says where it serves. */
export async function startServerProcess(dataDir: string, env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['bin/tally.js', '--data', dataDir, 'serve', '--port', '0', '--no-worker'],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
      const match = stderr.match(/serving on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match?.[1]) resolve(match[1]);
    });
    exited.then((code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr, exited };
}
