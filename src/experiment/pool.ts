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
  | { type: 'requeued'; trial: Trial; reason: string }
  /** Local: another process holds the trial's run lock (another `experiment` on the same logdir). */
  | { type: 'waiting'; trial: Trial; holder: string };

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
  /** How soon a trial whose run another process holds is tried again (default 2 s). */
  retryMs?: number;
}

export interface PoolOutcome {
  status: 'done' | 'failed';
  error?: string;
  seconds: number;
}

/**
 * Run trials in parallel child processes, `workers` at a time, in the given order. A trial
 * fails when its worker reports an error, dies, or exits without the run's DONE marker; the
 * others carry on. Each child claims its run first (run lock; see run-claim.ts): a trial whose
 * run another process is training (a second `experiment` on the same logdir, a queue worker) is
 * set aside and tried again every `retryMs` while the other trials go on; once that process is
 * done, the trial is found finished and not trained again. Resolves when every trial has
 * finished or the signal aborted the rest.
 */
export function runPool(trials: Trial[], opts: PoolOptions): Promise<Map<string, PoolOutcome>> {
  const results = new Map<string, PoolOutcome>();
  const ready = [...trials];
  /** Trials whose run was locked by another process, with when to try again. */
  const waiting: { trial: Trial; at: number }[] = [];
  const running = new Set<TrialProcess>();
  const width = Math.max(1, Math.min(opts.workers, trials.length));
  const retryMs = opts.retryMs ?? 2000;
  let timer: NodeJS.Timeout | undefined;

  return new Promise((resolve) => {
    const finishIfIdle = () => {
      const left = ready.length + waiting.length;
      if (running.size === 0 && (left === 0 || opts.signal?.aborted)) {
        clearTimeout(timer);
        resolve(results);
      }
    };
    opts.signal?.addEventListener('abort', () => {
      for (const child of running) child.kill('SIGTERM');
      finishIfIdle();
    });

    const fill = () => {
      if (opts.signal?.aborted) return finishIfIdle();
      const now = Date.now();
      for (let i = 0; i < waiting.length; ) {
        if (waiting[i].at <= now) ready.push(...waiting.splice(i, 1).map((w) => w.trial));
        else i++;
      }
      while (running.size < width && ready.length > 0) start(ready.shift() as Trial);
      if (running.size < width && waiting.length > 0 && !timer) {
        const next = Math.min(...waiting.map((w) => w.at));
        timer = setTimeout(() => {
          timer = undefined;
          fill();
        }, next - now);
      }
      finishIfIdle();
    };

    const start = (trial: Trial) => {
      const config = { ...trial.config, threads: trial.config.threads ?? opts.threads };
      const child = startTrial(
        trial.name,
        config,
        (p) => opts.onEvent?.({ type: 'progress', trial, epoch: p.epoch, epochs: p.epochs }),
        opts.runner,
        'run',
      );
      running.add(child);
      opts.onEvent?.({ type: 'start', trial, pid: child.pid });
      void child.outcome.then((o) => {
        running.delete(child);
        if (o.status === 'result' && o.result.kind === 'busy') {
          waiting.push({ trial, at: Date.now() + retryMs });
          opts.onEvent?.({ type: 'waiting', trial, holder: o.result.holder });
          return fill();
        }
        const outcome = judge(trial, o, opts.expDir);
        results.set(trial.name, outcome);
        if (outcome.status === 'done') {
          const r = o.status === 'result' ? o.result : undefined;
          const note =
            r?.kind === 'already-done'
              ? 'trained by another process'
              : r?.kind === 'trained' && r.resumedAfterEpoch !== undefined
                ? `resumed after epoch ${r.resumedAfterEpoch}`
                : undefined;
          opts.onEvent?.({ type: 'done', trial, seconds: outcome.seconds, ...(note ? { note } : {}) });
        } else
          opts.onEvent?.({ type: 'failed', trial, seconds: outcome.seconds, error: outcome.error ?? '' });
        fill();
      });
    };

    if (trials.length === 0) return resolve(results);
    fill();
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
