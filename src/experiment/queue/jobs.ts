import type { JobsOptions } from 'bullmq';
import type { TrainConfigInput } from '../../run/config.js';
import { VERSION } from '../../version.js';

/**
 * The contract between `experiment --queue` (producer) and `worker` (consumer): one BullMQ job
 * per trial on one queue. A job names the experiment's directory under the shared logdir and
 * the experiment's id (from its experiment.json), so a worker can tell that it sees the same
 * logdir; the configuration travels without logdir and name, which the worker fills in.
 */
export const QUEUE_NAME = 'trainscope-trials';
export const JOB_NAME = 'trial';

/** Bumped when the job's shape changes; together with the trainscope version it must match. */
export const PROTOCOL = 1;

export interface TrialJob {
  trainscope: string;
  protocol: number;
  /** The experiment's directory name under the logdir. */
  experiment: string;
  /** The experiment's id, recorded in LOGDIR/<experiment>/experiment.json. */
  experimentId: string;
  trial: string;
  config: Omit<TrainConfigInput, 'logdir' | 'name'>;
  /** Where the experiment was started (host and logdir), for a worker's error messages. */
  from: string;
}

/** What a worker returns for a completed job. */
export interface TrialJobResult {
  worker: string;
  seconds: number;
  /** Set when the trial continued from a checkpoint left by a lost worker. */
  resumedAfterEpoch?: number;
  /**
   * Someone had already finished it: a lost worker wrote DONE before the job was acknowledged, or
   * a local experiment on the same logdir trained it meanwhile.
   */
  alreadyDone?: boolean;
}

/** What the worker reports while training (job.updateProgress). */
export interface TrialJobProgress {
  epoch: number;
  epochs: number;
  worker: string;
}

/** Job ids: BullMQ ignores a second add with the same id, so a trial is never queued twice. */
export function jobId(experimentId: string, trial: string): string {
  return `${experimentId}/${trial}`;
}

/**
 * A trial that fails (user error, crash) fails once: the worker throws BullMQ's
 * UnrecoverableError. Attempts only cover infrastructure errors thrown outside a trial. Finished
 * job records expire, so Redis holds only the live part of every grid.
 */
export const JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/** BullMQ's defaults: a dead worker's trial is taken over after 30–60 s. */
export const DEFAULT_LOCK_SECONDS = 30;

/** A trial may lose its worker this many times before it is failed (a trial that kills machines). */
export const MAX_STALLED = 2;

/** Why a job's data is not a trial this process can run, or undefined when it is. */
export function foreignJob(data: unknown): string | undefined {
  const d = data as Partial<TrialJob> | null;
  if (!d || typeof d !== 'object' || typeof d.trainscope !== 'string' || typeof d.trial !== 'string') {
    return 'a job that is not a trainscope trial';
  }
  if (d.trainscope !== VERSION || d.protocol !== PROTOCOL) {
    return `a trial queued by trainscope ${d.trainscope} (this is ${VERSION})`;
  }
  return undefined;
}
