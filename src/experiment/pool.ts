import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUN_FILES } from '../run/files.js';
import type { Trial } from './grid.js';
import type { FromWorker, ToWorker } from './protocol.js';

export type PoolEvent =
  | { type: 'start'; trial: Trial; pid: number }
  | { type: 'progress'; trial: Trial; epoch: number; epochs: number }
  | { type: 'done'; trial: Trial; seconds: number }
  | { type: 'failed'; trial: Trial; seconds: number; error: string };

export interface PoolOptions {
  /** Parallel worker processes. */
  workers: number;
  /** Engine threads per trial (unless the trial's config sets its own). */
  threads: number;
  /** Directory of the experiment: the trials' run directories are inside. */
  expDir: string;
  /** Module the workers import to run a trial (default: ./train-runner.js, i.e. train()). */
  runner?: string;
  onEvent?: (e: PoolEvent) => void;
  /** Stop starting trials; running workers are killed (their trials count as interrupted). */
  signal?: AbortSignal;
}

export interface PoolOutcome {
  status: 'done' | 'failed';
  error?: string;
  seconds: number;
}

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));
export const DEFAULT_RUNNER = new URL('./train-runner.js', import.meta.url).href;

/**
 * Run trials in parallel child processes, `workers` at a time, in the given order. A trial
 * fails when its worker reports an error, dies, or exits without the run's DONE marker; the
 * others carry on. Resolves when every trial has finished or the signal aborted the rest.
 */
export function runPool(trials: Trial[], opts: PoolOptions): Promise<Map<string, PoolOutcome>> {
  const results = new Map<string, PoolOutcome>();
  const queue = [...trials];
  const running = new Set<ChildProcess>();
  const width = Math.max(1, Math.min(opts.workers, trials.length));

  return new Promise((resolve) => {
    const finishIfIdle = () => {
      if (running.size === 0 && (queue.length === 0 || opts.signal?.aborted)) resolve(results);
    };
    opts.signal?.addEventListener('abort', () => {
      for (const child of running) child.kill('SIGTERM');
      finishIfIdle();
    });

    const startNext = () => {
      if (opts.signal?.aborted) return finishIfIdle();
      const trial = queue.shift();
      if (!trial) return finishIfIdle();
      const started = Date.now();
      const seconds = () => (Date.now() - started) / 1000;
      const child = fork(WORKER, [], {
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        serialization: 'advanced',
      });
      running.add(child);
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString()).slice(-2000);
      });
      let answer: FromWorker | undefined;
      child.on('message', (raw) => {
        const msg = raw as FromWorker;
        if (msg.type === 'progress') {
          opts.onEvent?.({ type: 'progress', trial, epoch: msg.epoch, epochs: msg.epochs });
        } else answer = msg;
      });
      let settled = false;
      const settle = (code: number | null, sig: NodeJS.Signals | null) => {
        if (settled) return;
        settled = true;
        running.delete(child);
        const outcome = judge(trial, answer, code, sig, stderr, opts.expDir, seconds());
        results.set(trial.name, outcome);
        if (outcome.status === 'done') opts.onEvent?.({ type: 'done', trial, seconds: outcome.seconds });
        else opts.onEvent?.({ type: 'failed', trial, seconds: outcome.seconds, error: outcome.error ?? '' });
        startNext();
      };
      child.on('exit', settle);
      child.on('error', (e) => {
        stderr += `\n${e.message}`;
        settle(null, null);
      });
      const config = { ...trial.config, threads: trial.config.threads ?? opts.threads };
      const msg: ToWorker = { type: 'run', trial: trial.name, config, runner: opts.runner ?? DEFAULT_RUNNER };
      child.send(msg);
      opts.onEvent?.({ type: 'start', trial, pid: child.pid ?? -1 });
    };

    if (trials.length === 0) return resolve(results);
    for (let i = 0; i < width; i++) startNext();
  });
}

function judge(
  trial: Trial,
  answer: FromWorker | undefined,
  code: number | null,
  sig: NodeJS.Signals | null,
  stderr: string,
  expDir: string,
  seconds: number,
): PoolOutcome {
  if (answer?.type === 'failed') return { status: 'failed', error: answer.error, seconds };
  const hasDone = existsSync(join(expDir, trial.name, RUN_FILES.done));
  if (answer?.type === 'done' && hasDone) return { status: 'done', seconds };
  if (answer?.type === 'done') {
    const why = answer.stopped
      ? `stopped: ${answer.stopped}${answer.stopReason ? ` (${answer.stopReason})` : ''}`
      : '';
    return { status: 'failed', error: `the run did not complete${why ? `; ${why}` : ''}`, seconds };
  }
  const how = sig ? `was killed by ${sig}` : `exited with code ${code}`;
  const tail = stderr.trim().split('\n').slice(-3).join(' | ');
  return { status: 'failed', error: `worker ${how}${tail ? `: ${tail}` : ''}`, seconds };
}
