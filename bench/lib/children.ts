// Child processes of the benchmark: the servers run in their own processes so their CPU time
// can be read separately (over IPC) from the load generator's. Every child started here is
// killed when the benchmark ends, fails or is interrupted.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface CpuSample {
  /** Process CPU time (user + system) in microseconds. */
  cpuUs: number;
  rssBytes: number;
}

export interface ChildServer {
  label: string;
  pid: number;
  port: number;
  cpu(): Promise<CpuSample>;
  stop(): Promise<void>;
}

export type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'cpu'; id: number; user: number; system: number; rss: number }
  | { type: 'error'; message: string };

const live = new Set<ChildProcess>();

/** Last resort when the parent exits without having stopped a child (sync: used on 'exit'). */
export function killAllChildrenNow(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  live.clear();
}

export async function startChild(
  script: string,
  label: string,
  env: Record<string, string>,
  opts: { timeoutMs?: number; profileDir?: string | undefined } = {},
): Promise<ChildServer> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const file = fileURLToPath(new URL(`../${script}`, import.meta.url));
  const profile = opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : [];
  const child = fork(file, [], {
    execArgv: ['--import', 'tsx', ...profile],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => live.delete(child));

  let nextId = 1;
  const waiting = new Map<number, (m: Extract<ChildMessage, { type: 'cpu' }>) => void>();
  child.on('message', (m: ChildMessage) => {
    if (m.type === 'cpu') {
      waiting.get(m.id)?.(m);
      waiting.delete(m.id);
    }
  });

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label}: not ready after ${timeoutMs} ms`)), timeoutMs);
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m.port);
      } else if (m.type === 'error') {
        clearTimeout(timer);
        reject(new Error(`${label}: ${m.message}`));
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${label}: exited before it was ready (code ${code}, signal ${signal})`));
    });
  }).catch(async (err: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw err;
  });

  return {
    label,
    pid: child.pid ?? -1,
    port,
    cpu() {
      return new Promise<CpuSample>((resolve, reject) => {
        if (!child.connected) return reject(new Error(`${label}: not running`));
        const id = nextId++;
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${label}: no CPU answer`));
        }, 10_000);
        waiting.set(id, (m) => {
          clearTimeout(timer);
          resolve({ cpuUs: m.user + m.system, rssBytes: m.rss });
        });
        child.send({ cmd: 'cpu', id });
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Starts the janitor (janitor.ts): a detached process that outlives this one only to remove
 * what it leaves behind should it be killed before its own cleanup ran.
 */
export function startJanitor(opts: { tmpDir: string; dbName?: string | undefined; adminUrl?: string | undefined }): void {
  const file = fileURLToPath(new URL('../janitor.ts', import.meta.url));
  const args = [file, String(process.pid), opts.tmpDir, ...(opts.dbName ? [opts.dbName] : [])];
  // The admin URL may carry a password: it goes through the environment, not the command line.
  const env = { ...process.env, BENCH_JANITOR_ADMIN_URL: opts.adminUrl ?? '' };
  const janitor = spawn(process.execPath, ['--import', 'tsx', ...args], { detached: true, stdio: 'ignore', env });
  janitor.on('error', () => {}); // best effort: the in-process cleanup still runs
  janitor.unref();
}
