import type { TrainConfigInput } from '../run/config.js';

/**
 * Messages between a parent (the local pool, or a queue worker) and the child process that
 * runs one trial: the parent sends `run`, the child answers with `progress`… and then `result`
 * or `failed`, and exits. A child that dies without answering is a failed (interrupted) trial.
 */
export type ToChild = {
  type: 'run';
  trial: string;
  config: TrainConfigInput;
  runner: string;
  /**
   * `run` (local grids): the child claims the run before the runner starts (run-claim.ts's
   * claimRun: run lock; a finished run not trained again, an interrupted one resumed from its
   * checkpoint, anything else removed). Without it the runner claims the run itself (the
   * queue's runner does the same) or needs no claim.
   */
  claim?: 'run';
};

export type FromChild =
  | { type: 'progress'; trial: string; epoch: number; epochs: number }
  | { type: 'result'; trial: string; result: TrialResult }
  | { type: 'failed'; trial: string; error: string };

export interface TrialProgress {
  epoch: number;
  epochs: number;
}

/**
 * How a runner ended without an error: it trained (the run directory ends with DONE unless it
 * stopped early), found the trial already finished by someone else, or found the run locked by
 * another live process (the queue's runner; the trial is then retried later).
 */
export type TrialResult =
  | { kind: 'trained'; stopped?: string; stopReason?: string; resumedAfterEpoch?: number }
  | { kind: 'already-done' }
  | { kind: 'busy'; holder: string };

/**
 * What a runner module exports: run one trial. The default runner calls train(); the queue's
 * runner claims the run first (lock, resume); tests pass a fake one.
 */
export type RunTrial = (
  config: TrainConfigInput,
  progress: (p: TrialProgress) => void,
) => Promise<TrialResult>;
