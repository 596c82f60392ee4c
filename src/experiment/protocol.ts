import type { TrainConfigInput } from '../run/config.js';

/**
 * Messages between the experiment (parent) and a worker process. One worker runs one trial:
 * the parent sends `run`, the worker answers with `progress`… and then `done` or `failed`, and
 * exits. A worker that dies without answering is a failed (interrupted) trial.
 */
export type ToWorker = { type: 'run'; trial: string; config: TrainConfigInput; runner: string };

export type FromWorker =
  | { type: 'progress'; trial: string; epoch: number; epochs: number }
  | { type: 'done'; trial: string; stopped?: string; stopReason?: string }
  | { type: 'failed'; trial: string; error: string };

export interface TrialProgress {
  epoch: number;
  epochs: number;
}

/**
 * What a runner module exports: run one trial to completion (its run directory ends with DONE).
 * The default runner calls train(); tests pass a fake one.
 */
export type RunTrial = (
  config: TrainConfigInput,
  progress: (p: TrialProgress) => void,
) => Promise<{ stopped?: string; stopReason?: string } | undefined>;
