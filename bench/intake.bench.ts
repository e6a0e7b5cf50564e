/**
 * Intake throughput: reports accepted per second and p50/p99 latency with 8
 * concurrent clients on loopback, against a real `tally serve` child process,
 * on embedded PGlite (on disk) and on PostgreSQL (a throwaway server).
 *   npm run bench:intake [-- --seconds 10 --clients 8 --engines postgres --client node-http]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startThrowawayPostgres } from '../test/postgres-server.ts';
import { KeepAliveConnection, type Response } from './keep-alive-client.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '8' },
    // Writes a V8 CPU profile of each server into DIR (open it in Chrome DevTools).
    profile: { type: 'string' },
    // Comma-separated subset of: ceiling,pglite,postgres.
    engines: { type: 'string', default: 'ceiling,pglite,postgres' },
    // raw: a lean keep-alive client (bench/keep-alive-client.ts); node-http: node:http with an agent.
    client: { type: 'string', default: 'raw' },
  },
});
const seconds = Number(values.seconds);
const clients = Number(values.clients);

function startTally(env: NodeJS.ProcessEnv): ChildProcess {
  const profile = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
  return spawn(process.execPath, [...profile, 'bin/tally.js', 'serve', '--port', '0'], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function urlOf(child: ChildProcess): Promise<string> {
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
      const match = stderr.match(/serving on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  return url;
}

const reportText =
  'The Observatory said 13 children were among the victims of bombardments in and around Damascus on Saturday, ' +
  'while 10 children were killed in air strikes across Aleppo province.';

/** One of the concurrent clients: it sends a request and waits for the answer before the next. */
interface Client {
  post(path: string, payload: unknown): Promise<Response>;
  close(): void;
}

function connect(url: string): Client {
  const authorization: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (values.client === 'raw') {
    const { hostname, port } = new URL(url);
    return new KeepAliveConnection(hostname, Number(port), authorization);
  }
  return { post: (path, payload) => postWithNodeHttp(url, path, payload), close: () => {} };
}

// node:http with keep-alive: on this machine fetch() costs the client five times more CPU
// per request, and client and server share two cores.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function postWithNodeHttp(url: string, path: string, payload: unknown): Promise<Response> {
  const body = JSON.stringify(payload);
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: hostname,
        port,
        path,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function postReport(client: Client, sourceId: string): Promise<number> {
  const started = performance.now();
  const response = await client.post('/api/v1/reports', {
    id: randomUUID(),
    source_id: sourceId,
    reported_at: new Date().toISOString(),
    language: 'en',
    text: reportText,
    claims: [{ outcome: 'killed', count: { text: '13', best: 13 }, victims: { group: 'children' } }],
  });
  if (response.status !== 201) throw new Error(`POST /reports answered ${response.status}: ${response.body}`);
  return performance.now() - started;
}

/** An analyst account with an API token in the database the server will use, made through the CLI. */
function signUpBenchAccount(env: NodeJS.ProcessEnv): string {
  const cli = (...args: string[]) =>
    execFileSync(process.execPath, ['bin/tally.js', '--json', ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      encoding: 'utf8',
    });
  // A fresh name each run, so TALLY_BENCH_DATABASE_URL can point at a database used before.
  const username = `bench-desk-${randomUUID().slice(0, 8)}`;
  cli('users', 'add', username, '--role', 'analyst');
  return JSON.parse(cli('users', 'token', username, '--name', 'bench')).token;
}

let token = '';
const measure = (engine: string, env: NodeJS.ProcessEnv) => {
  token = signUpBenchAccount(env);
  return measureAgainst(engine, startTally(env));
};

interface CpuSeconds {
  server: number;
  database: number;
  client: number;
  /** Idle CPU-seconds of the whole machine and elapsed wall seconds times cores. */
  idle: number;
  wall: number;
}

/**
 * CPU time spent so far by the server, by every PostgreSQL process and by this
 * client, from /proc (zeros where there is none). Per report, these say where a
 * change saved work far more steadily than throughput on a shared machine does.
 */
function cpuSeconds(serverPid: number | undefined): CpuSeconds {
  const tick = 100; // USER_HZ on Linux
  const ticksOf = (pid: string) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return {
        comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
        ticks: Number(fields[11]) + Number(fields[12]),
      };
    } catch {
      return { comm: '', ticks: 0 };
    }
  };
  let database = 0;
  let idle = 0;
  try {
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      const { comm, ticks } = ticksOf(pid);
      if (comm === 'postgres') database += ticks;
    }
    const [, , , , idleTicks, iowait] = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.split(/ +/) ?? [];
    idle = Number(idleTicks) + Number(iowait);
  } catch {}
  const own = process.cpuUsage();
  return {
    server: serverPid ? ticksOf(String(serverPid)).ticks / tick : 0,
    database: database / tick,
    client: (own.user + own.system) / 1e6,
    idle: idle / tick,
    wall: (performance.now() / 1000) * cpus().length,
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function measureAgainst(engine: string, child: ChildProcess) {
  const url = await urlOf(child);
  const connections = Array.from({ length: clients }, () => connect(url));
  try {
    const first = connections[0] as Client;
    const source = JSON.parse(
      (await first.post('/api/v1/sources', { kind: 'activist', pseudonym: `bench ${randomUUID()}` })).body,
    ) as { id: string };
    for (let i = 0; i < 200; i++) await postReport(first, source.id); // warm up

    const latencies: number[] = [];
    const cpuBefore = cpuSeconds(child.pid);
    const deadline = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      connections.map(async (client) => {
        while (performance.now() < deadline) latencies.push(await postReport(client, source.id));
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const cpuAfter = cpuSeconds(child.pid);
    const perReport = (key: keyof CpuSeconds) =>
      Number((((cpuAfter[key] - cpuBefore[key]) * 1000) / latencies.length).toFixed(3));
    latencies.sort((a, b) => a - b);
    return {
      engine,
      reports: latencies.length,
      per_second: Math.round(latencies.length / elapsed),
      p50_ms: Number(percentile(latencies, 50).toFixed(2)),
      p99_ms: Number(percentile(latencies, 99).toFixed(2)),
      cpu_ms_server: perReport('server'),
      cpu_ms_database: perReport('database'),
      cpu_ms_client: perReport('client'),
      idle_pct: Math.round((100 * (cpuAfter.idle - cpuBefore.idle)) / (cpuAfter.wall - cpuBefore.wall)),
    };
  } finally {
    for (const client of connections) client.close();
    child.kill('SIGTERM');
  }
}

/** The same client against a bare Fastify route that stores nothing: this machine's HTTP ceiling. */
async function measureCeiling() {
  const server = `const f = require('fastify')(); f.post('/api/v1/reports', async (q, r) => r.code(201).send({ id: q.body.id }));
    f.post('/api/v1/sources', async () => ({ id: 'x' }));
    f.listen({ port: 0, host: '127.0.0.1' }).then((u) => console.error('serving on ' + u));`;
  return measureAgainst(
    'bare fastify (stores nothing)',
    spawn(process.execPath, ['-e', server], { stdio: ['ignore', 'ignore', 'pipe'] }),
  );
}

const engines = new Set(values.engines.split(','));
const results = [];
if (engines.has('ceiling')) results.push(await measureCeiling());
if (engines.has('pglite')) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tally-bench-'));
  try {
    results.push(await measure('pglite', { TALLY_DATA: dataDir, DATABASE_URL: '' }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
if (engines.has('postgres')) {
  const postgres = process.env.TALLY_BENCH_DATABASE_URL ? undefined : await startThrowawayPostgres();
  try {
    results.push(
      await measure('postgres', { DATABASE_URL: process.env.TALLY_BENCH_DATABASE_URL ?? postgres?.url }),
    );
  } finally {
    postgres?.stop();
  }
}

console.log(
  `intake: ${clients} clients (${values.client}), ${seconds} s per engine, ${cpus().length} cores (${cpus()[0]?.model})`,
);
console.table(results);
console.log(JSON.stringify(results));
