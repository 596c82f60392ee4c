import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DelayedError, type Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { UserError } from '../../errors.js';
import { RUN_FILES } from '../../run/files.js';
import { formatDuration } from '../progress.js';
import { EXPERIMENT_FILE, readExperimentRecord } from '../status.js';
import { startTrial, type TrialProcess } from '../trial-process.js';
import { connectRedis } from './connect.js';
import { reportConnectionErrors } from './errors.js';
import {
  DEFAULT_LOCK_SECONDS,
  foreignJob,
  MAX_STALLED,
  QUEUE_NAME,
  type TrialJob,
  type TrialJobProgress,
  type TrialJobResult,
} from './jobs.js';
import type { QueueTarget } from './url.js';

export interface QueueWorkerOptions {
  target: QueueTarget;
  /** Where this machine sees the shared logdir. */
  logdir: string;
  /** Trials trained at once by this worker. */
  concurrency: number;
  /** Engine threads per trial (unless a trial's configuration sets its own). */
  threads: number;
  /** BullMQ lock duration and stalled-check interval: how soon a lost worker's trial moves on. */
  lockSeconds?: number;
  log: (line: string) => void;
  /** Module the trials' child processes run (default: claim-runner.js around train()). */
  runner?: string;
}

export interface QueueWorker {
  /** host:pid, as shown in the experiment's progress. */
  name: string;
  /** Resolves once the worker has stopped; `error` when it stopped itself (wrong logdir, version). */
  stopped: Promise<{ error?: UserError }>;
  /** Stop: no new trials; running ones are stopped and go back to the queue (they resume elsewhere). */
  stop(): Promise<void>;
}

const CLAIM_RUNNER = new URL('./claim-runner.js', import.meta.url).href;

/**
 * A queue worker: takes trials from the queue, `concurrency` at a time, each in a fresh child
 * process that trains into the shared logdir, and reports progress and results through the
 * queue. A trial failing for any reason of its own fails once (BullMQ's UnrecoverableError:
 * no retry storm); a worker that dies (SIGKILL, machine gone) stops renewing its jobs' locks and
 * BullMQ's stalled-job check gives the trial to another worker, which resumes it.
 */
export async function startQueueWorker(o: QueueWorkerOptions): Promise<QueueWorker> {
  if (!existsSync(o.logdir)) {
    throw new UserError(
      `--logdir ${o.logdir} does not exist: give the path where this machine sees the shared logdir`,
    );
  }
  const name = `${hostname()}:${process.pid}`;
  const lockMs = (o.lockSeconds ?? DEFAULT_LOCK_SECONDS) * 1000;
  const connection: Redis = await connectRedis(o.target, { name: `trainscope-worker-${name}` });
  const children = new Map<string, TrialProcess>();
  let stopping: { error?: UserError } | undefined;
  let resolveStopped: (v: { error?: UserError }) => void = () => {};
  const stopped = new Promise<{ error?: UserError }>((r) => {
    resolveStopped = r;
  });

  const processor = async (job: Job, token?: string): Promise<TrialJobResult> => {
    const data = job.data as TrialJob;
    const giveBack = async (): Promise<never> => {
      await job.moveToWait(token);
      throw new WaitingError();
    };
    const why = foreignJob(data);
    if (why) {
      void stop(
        new UserError(
          `the queue at ${o.target.shown} gave this worker ${why}; run a worker of that version, or use another Redis database for this one`,
        ),
      );
      return giveBack();
    }
    if (stopping) return giveBack();
    const expDir = join(o.logdir, data.experiment);
    const problem = checkExperiment(expDir, data);
    if (problem?.stop) {
      void stop(new UserError(problem.stop));
      return giveBack();
    }
    if (problem?.obsolete) throw new UnrecoverableError(problem.obsolete);

    const label = `${data.experiment}/${data.trial}`;
    const config = {
      ...data.config,
      logdir: expDir,
      name: data.trial,
      threads: data.config.threads ?? o.threads,
    };
    let last = 0;
    const child = startTrial(
      data.trial,
      config,
      (p) => {
        const now = Date.now();
        if (now - last < 500 && p.epoch < p.epochs) return;
        last = now;
        const progress: TrialJobProgress = { epoch: p.epoch, epochs: p.epochs, worker: name };
        job.updateProgress(progress as unknown as object).catch(() => {});
      },
      o.runner ?? CLAIM_RUNNER,
    );
    children.set(job.id ?? data.trial, child);
    o.log(`  start  ${label}`);
    const outcome = await child.outcome.finally(() => children.delete(job.id ?? data.trial));
    const seconds = outcome.seconds;
    if (outcome.status === 'died' && stopping) {
      o.log(`  back   ${label}: returned to the queue (this worker is stopping)`);
      return giveBack();
    }
    if (outcome.status === 'failed' || outcome.status === 'died') {
      const error = outcome.status === 'failed' ? outcome.error : `the trial's process ${outcome.how}`;
      o.log(`  FAILED ${label}: ${error.split('\n')[0]}`);
      throw new UnrecoverableError(error);
    }
    const r = outcome.result;
    if (r.kind === 'busy') {
      o.log(`  busy   ${label}: locked by ${r.holder}; trying again in ${formatDuration(lockMs / 1000)}`);
      await job.moveToDelayed(Date.now() + lockMs, token);
      throw new DelayedError();
    }
    if (r.kind === 'already-done') {
      o.log(`  done   ${label} (already finished by another process)`);
      return { worker: name, seconds, alreadyDone: true };
    }
    if (!existsSync(join(expDir, data.trial, RUN_FILES.done))) {
      const why = r.stopped ? `; stopped: ${r.stopped}${r.stopReason ? ` (${r.stopReason})` : ''}` : '';
      throw new UnrecoverableError(`the run did not complete${why}`);
    }
    const resumed = r.resumedAfterEpoch !== undefined ? `, resumed after epoch ${r.resumedAfterEpoch}` : '';
    o.log(`  done   ${label} (${formatDuration(seconds)}${resumed})`);
    return {
      worker: name,
      seconds,
      ...(r.resumedAfterEpoch !== undefined ? { resumedAfterEpoch: r.resumedAfterEpoch } : {}),
    };
  };

  const worker = new Worker(QUEUE_NAME, processor, {
    connection,
    name,
    concurrency: o.concurrency,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: MAX_STALLED,
  });
  reportConnectionErrors(worker, o.target.shown, o.log);
  worker.on('lockRenewalFailed', (ids: string[]) =>
    o.log(
      `  warning: lost the queue's lock on ${ids.join(', ')}; another worker may take them over (the run lock keeps them apart)`,
    ),
  );

  async function stop(error?: UserError): Promise<void> {
    if (stopping) return;
    stopping = { error };
    for (const child of children.values()) child.kill('SIGTERM');
    try {
      await worker.close();
    } finally {
      connection.disconnect();
      resolveStopped(stopping);
    }
  }

  await worker.waitUntilReady();
  return { name, stopped, stop: () => stop() };
}

/** Whether this worker sees the experiment the job belongs to, in its own logdir. */
function checkExperiment(expDir: string, data: TrialJob): { stop?: string; obsolete?: string } | undefined {
  const path = join(expDir, EXPERIMENT_FILE);
  if (!existsSync(path)) {
    return {
      stop: `${path} does not exist: this worker's --logdir is not the shared logdir of experiment '${data.experiment}' (started from ${data.from}); give the path where this machine sees that logdir`,
    };
  }
  const record = readExperimentRecord(expDir);
  if (record?.id !== data.experimentId) {
    return {
      obsolete: `${path} belongs to another run of experiment '${data.experiment}' (it was started afresh); this queued trial is obsolete`,
    };
  }
  return undefined;
}
