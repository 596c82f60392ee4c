import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real CLI: queue tests drive `trainscope worker` and `trainscope experiment` as users do. */
export const BIN = fileURLToPath(new URL('../../../../../bin/trainscope.js', import.meta.url));

export interface WorkerProcess {
  proc: ChildProcess;
  /** host:pid, as the worker reports itself in job progress. */
  name: string;
  /** Everything it printed so far (stderr). */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM and wait for the exit (running trials go back to the queue). */
  stop(): Promise<void>;
}

/** Start `trainscope worker` and wait until it takes trials (or exits early: its output says why). */
export async function spawnWorker(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<WorkerProcess> {
  const proc = spawn(process.execPath, [BIN, 'worker', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const name = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /^worker (\S+): taking trials/m.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 20);
    void exited.then(() => {
      clearInterval(timer);
      const m = /^worker (\S+): taking trials/m.exec(out);
      if (m) resolve(m[1]);
      else reject(new Error(`worker exited before taking trials:\n${out}`));
    });
  });
  return {
    proc,
    name,
    output: () => out,
    exited,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}

/** Run `trainscope experiment …` to its end; its exit code and output. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    proc.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    proc.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    proc.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
