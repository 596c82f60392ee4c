import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES } from '../run/files.js';
import type { Trial } from './grid.js';
import { type ChildOutcome, startTrial, type TrialProcess } from './trial-process.js';

export type PoolEvent =
  | { type: 'start'; trial: Trial; pid?: number; worker?: string }
  | { type: 'progress'; trial: Trial; epoch: number; epochs: number; worker?: string }
  | { type: 'done'; trial: Trial; seconds: number; note?: string }
  | { type: 'failed'; trial: Trial; seconds: number; error: string }
  /** The trial went back to the queue (its worker was lost); it resumes elsewhere. */
  | { type: 'requeued'; trial: Trial; reason: string };

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

/**
 * Run trials in parallel child processes, `workers` at a time, in the given order. A trial
 * fails when its worker reports an error, dies, or exits without the run's DONE marker; the
 * others carry on. Resolves when every trial has finished or the signal aborted the rest.
 */
export function runPool(trials: Trial[], opts: PoolOptions): Promise<Map<string, PoolOutcome>> {
  const results = new Map<string, PoolOutcome>();
  const queue = [...trials];
  const running = new Set<TrialProcess>();
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
      const config = { ...trial.config, threads: trial.config.threads ?? opts.threads };
      const child = startTrial(
        trial.name,
        config,
        (p) => opts.onEvent?.({ type: 'progress', trial, epoch: p.epoch, epochs: p.epochs }),
        opts.runner,
      );
      running.add(child);
      opts.onEvent?.({ type: 'start', trial, pid: child.pid });
      void child.outcome.then((o) => {
        running.delete(child);
        const outcome = judge(trial, o, opts.expDir);
        results.set(trial.name, outcome);
        if (outcome.status === 'done') opts.onEvent?.({ type: 'done', trial, seconds: outcome.seconds });
        else opts.onEvent?.({ type: 'failed', trial, seconds: outcome.seconds, error: outcome.error ?? '' });
        startNext();
      });
    };

    if (trials.length === 0) return resolve(results);
    for (let i = 0; i < width; i++) startNext();
  });
}

/** A trial is done only when its child says so and the run directory holds DONE. */
export function judge(trial: Trial, o: ChildOutcome, expDir: string): PoolOutcome {
  const seconds = o.seconds;
  if (o.status === 'failed') return { status: 'failed', error: o.error, seconds };
  if (o.status === 'died') return { status: 'failed', error: `worker ${o.how}`, seconds };
  const r = o.result;
  if (r.kind === 'busy') return { status: 'failed', error: `the run is locked by ${r.holder}`, seconds };
  if (existsSync(join(expDir, trial.name, RUN_FILES.done))) return { status: 'done', seconds };
  const why =
    r.kind === 'trained' && r.stopped
      ? `; stopped: ${r.stopped}${r.stopReason ? ` (${r.stopReason})` : ''}`
      : '';
  return { status: 'failed', error: `the run did not complete${why}`, seconds };
}
