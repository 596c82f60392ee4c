import type { RunData } from '../events/types.js';
import type { TrainConfig } from '../run/config.js';
import type { StopKind } from '../run/meta.js';
import type { CallbackFactory } from './callback.js';

export interface EpochInfo {
  epoch: number;
  epochs: number;
  step: number;
  trainLoss: number;
  valLoss: number | null;
  /** Validation metrics of the story (roc_auc_micro, …) when a validation set exists. */
  val: Record<string, number | null>;
  seconds: number;
  /** Time spent recording probes in this epoch (part of the epoch's wall time). */
  probeSeconds: number;
}

export interface TrainHooks {
  /** A line of progress for humans (the CLI prints it; the library stays silent by default). */
  log?: (line: string) => void;
  onEpoch?: (info: EpochInfo) => void;
  /** Within an epoch, every few steps: for progress bars. */
  onProgress?: (p: { epoch: number; epochs: number; step: number; steps: number; loss: number }) => void;
  /** Abort (Ctrl-C): the trainer keeps the last checkpoint and returns with `stopped: 'interrupted'`. */
  signal?: AbortSignal;
  /**
   * More callbacks (callback.ts), e.g. the live doctor (doctor/watched-train.ts). They run after
   * the probes and progress and before the stopping rules and the checkpoint.
   */
  callbacks?: CallbackFactory[];
  /**
   * False for a grid's trial: the run writes only its hparams session start/end, and the grid
   * writes the one experiment record at its root (experiment/hparams-root.ts), so TensorBoard's
   * HParams view sees every swept value. Default true: a lone run declares its own experiment.
   */
  hparamsExperiment?: boolean;
}

export interface TrainResult {
  runDir: string;
  config: TrainConfig;
  epochsRun: number;
  stopped: StopKind;
  /** Why it stopped, when not completed. */
  stopReason?: string;
  /** The final report (metrics JSON from src/metrics/report.ts) on the test set. */
  report: Record<string, unknown>;
  /** What was recorded, in memory (same model the event reader builds). */
  history: RunData;
}
