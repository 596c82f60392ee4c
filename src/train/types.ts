import type { Finding } from '../doctor/types.js';
import type { RunData } from '../events/types.js';
import type { TrainConfig } from './config.js';

/** Files in a run directory (LOGDIR/NAME/). */
export const RUN_FILES = {
  meta: 'trainscope.json', // spec, config, label names, scaler, data fingerprint, seed, versions, final report
  model: 'model.onnx', // eval graph with weights as initialisers
  checkpoint: 'checkpoint.bin', // parameters + optimiser state (see checkpoint.ts)
  checkpointMeta: 'checkpoint.json', // epoch, step, rng state, best val loss
  doctor: 'doctor.json', // DoctorReport (absent when the run had --no-doctor)
  report: 'report.json', // final metrics report (test set, or validation when no test)
  done: 'DONE', // written last: the run finished (experiments use it to skip completed trials)
} as const;

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
  /** A doctor finding, the first time it appears. */
  onFinding?: (finding: Finding) => void;
  /** Abort (Ctrl-C): the trainer saves a checkpoint and returns with `interrupted: true`. */
  signal?: AbortSignal;
}

export interface TrainResult {
  runDir: string;
  config: TrainConfig;
  epochsRun: number;
  stopped: 'completed' | 'early-stop' | 'doctor' | 'interrupted';
  /** Why it stopped, when not completed. */
  stopReason?: string;
  /** The final report (metrics JSON from src/metrics/report.ts) on the test set. */
  report: Record<string, unknown>;
  findings: Finding[];
  /** What was recorded, in memory (same model the event reader builds). */
  history: RunData;
}
