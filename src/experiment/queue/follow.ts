import type { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Queue, QueueEvents } from 'bullmq';
import { RUN_FILES } from '../../run/files.js';
import type { Trial } from '../grid.js';
import type { PoolEvent, PoolOutcome } from '../pool.js';
import { jobId, type TrialJobProgress, type TrialJobResult } from './jobs.js';

export interface FollowOptions {
  queue: Queue;
  events: QueueEvents;
  trials: Trial[];
  experimentId: string;
  expDir: string;
  onEvent?: (e: PoolEvent) => void;
  /** Stop following (the jobs stay on the queue; workers finish them). */
  signal?: AbortSignal;
  /** How often job states are re-read, to catch events missed while disconnected. */
  reconcileMs?: number;
}

/**
 * Follow the trials' jobs until each has completed or failed, turning the queue's events into
 * the same events the local pool emits. Events are the fast path; every `reconcileMs` the jobs'
 * states are re-read, so a missed event (a dropped connection, a trimmed stream) only delays
 * what the experiment shows. A trial counts as done only when its run directory holds DONE.
 */
export function followTrials(o: FollowOptions): Promise<Map<string, PoolOutcome>> {
  const byId = new Map(o.trials.map((t) => [jobId(o.experimentId, t.name), t]));
  const outcomes = new Map<string, PoolOutcome>();
  const running = new Set<string>();
  const emit = (e: PoolEvent) => o.onEvent?.(e);

  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const events = o.events as unknown as EventEmitter;
    const handlers: [string, (a: unknown) => void][] = [];
    const finish = () => {
      clearTimeout(timer);
      for (const [name, h] of handlers) events.off(name, h);
      resolve(outcomes);
    };
    const pending = (id: string): Trial | undefined => {
      const t = byId.get(id);
      return t && !outcomes.has(t.name) ? t : undefined;
    };
    const settle = (trial: Trial, outcome: PoolOutcome, event: PoolEvent) => {
      running.delete(jobId(o.experimentId, trial.name));
      outcomes.set(trial.name, outcome);
      emit(event);
      if (outcomes.size === byId.size) finish();
    };
    const done = (id: string, result: TrialJobResult | undefined) => {
      const trial = pending(id);
      if (!trial) return;
      const seconds = result?.seconds ?? 0;
      const dir = join(o.expDir, trial.name);
      if (!existsSync(join(dir, RUN_FILES.done))) {
        const error = `worker ${result?.worker ?? '?'} reported this trial finished, but ${dir} holds no ${RUN_FILES.done}: that worker's --logdir is not the logdir this experiment sees`;
        return settle(trial, { status: 'failed', error, seconds }, { type: 'failed', trial, seconds, error });
      }
      const note = result?.alreadyDone
        ? 'already finished by another process'
        : result?.resumedAfterEpoch !== undefined
          ? `on ${result.worker}, resumed after epoch ${result.resumedAfterEpoch}`
          : result?.worker && `on ${result.worker}`;
      settle(trial, { status: 'done', seconds }, { type: 'done', trial, seconds, note: note || undefined });
    };
    const failed = (id: string, error: string, seconds = 0) => {
      const trial = pending(id);
      if (trial)
        settle(trial, { status: 'failed', error, seconds }, { type: 'failed', trial, seconds, error });
    };
    const start = (id: string, worker?: string) => {
      const trial = pending(id);
      if (!trial || running.has(id)) return;
      running.add(id);
      emit({ type: 'start', trial, worker });
    };
    const requeue = (id: string, reason: string) => {
      const trial = pending(id);
      if (!trial || !running.delete(id)) return;
      emit({ type: 'requeued', trial, reason });
    };
    const on = <A>(name: string, h: (a: A) => void) => {
      handlers.push([name, h as (a: unknown) => void]);
      events.on(name, h);
    };
    on<{ jobId: string }>('active', (a) => start(a.jobId));
    on<{ jobId: string; data: unknown }>('progress', (a) => {
      const p = a.data as Partial<TrialJobProgress>;
      const trial = pending(a.jobId);
      if (!trial || typeof p?.epoch !== 'number' || typeof p.epochs !== 'number') return;
      start(a.jobId, p.worker);
      emit({ type: 'progress', trial, epoch: p.epoch, epochs: p.epochs, worker: p.worker });
    });
    on<{ jobId: string; returnvalue: unknown }>('completed', (a) =>
      done(a.jobId, parseResult(a.returnvalue)),
    );
    on<{ jobId: string; failedReason: string }>('failed', (a) => failed(a.jobId, a.failedReason));
    on<{ jobId: string }>('stalled', (a) =>
      requeue(a.jobId, 'its worker was lost; it resumes from its checkpoint'),
    );
    on<{ jobId: string; prev?: string }>('waiting', (a) => {
      if (a.prev === 'active') requeue(a.jobId, 'its worker stopped; it resumes from its checkpoint');
    });
    on<{ jobId: string }>('delayed', (a) => requeue(a.jobId, 'retried later'));

    const reconcile = async () => {
      for (const [id] of byId) {
        if (!pending(id)) continue;
        const job = await o.queue.getJob(id);
        if (!job) {
          const trial = byId.get(id)!;
          if (existsSync(join(o.expDir, trial.name, RUN_FILES.done))) done(id, undefined);
          else
            failed(
              id,
              'its job is no longer on the queue (was Redis flushed?); rerun the experiment to queue it again',
            );
          continue;
        }
        const state = await job.getState();
        if (state === 'completed') done(id, parseResult(job.returnvalue));
        else if (state === 'failed') failed(id, job.failedReason ?? 'failed');
        else if (state === 'active') start(id, job.processedBy);
      }
    };
    const loop = async () => {
      if (outcomes.size === byId.size || o.signal?.aborted) return;
      try {
        await reconcile();
      } catch {
        // Redis unreachable for now: the connection's error handler reports it; try again later.
      }
      if (outcomes.size < byId.size && !o.signal?.aborted) timer = setTimeout(loop, o.reconcileMs ?? 5000);
    };
    o.signal?.addEventListener('abort', finish, { once: true });
    if (byId.size === 0) return finish();
    void loop();
  });
}

function parseResult(raw: unknown): TrialJobResult | undefined {
  if (typeof raw === 'string') {
    try {
      return JSON.parse(raw) as TrialJobResult;
    } catch {
      return undefined;
    }
  }
  return raw && typeof raw === 'object' ? (raw as TrialJobResult) : undefined;
}
