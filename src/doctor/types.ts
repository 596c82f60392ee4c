import type { RunData } from '../events/types.js';
import type { LogFacts } from '../logs/facts.js';
import type { ModelSpec } from '../model/spec.js';
import type { TrainConfig } from '../run/config.js';

/**
 * fatal: the run cannot recover (NaN, every output constant, a layer entirely dead);
 * warning: the run is worse than it should be, and the fix says how to make it better;
 * info: worth knowing, not a fault (a rare label never predicted by an unweighted loss).
 */
export type Severity = 'info' | 'warning' | 'fatal';
export type FindingStatus = 'current' | 'cleared';

/** One diagnosis: what is wrong, where, since when, the numbers that show it, and the fix. */
export interface Finding {
  /** Stable rule id, e.g. `init-too-broad`, `saturated-outputs`, `frozen-weights`. */
  id: string;
  severity: Severity;
  /** Layer and/or label the finding is about (`{ layer: 'layer3' }`, `{ label: 'Beach' }`, `{}` for the whole run). */
  where: { layer?: string; label?: string };
  /** First step at which it held. */
  step: number;
  /**
   * Its life cycle: `current` when it still holds at the last check of the run, `cleared` when
   * it held from `step` to `last_step` and no longer did from `cleared_step` on (history: shown,
   * but no longer a warning about the run's state, and not counted in the exit code).
   */
  status: FindingStatus;
  /** Last step at which it held. */
  last_step: number;
  /** The first check after `last_step`, at which it no longer held (cleared findings only). */
  cleared_step?: number;
  /** The numbers behind it, by name (e.g. `{ weight_std: 0.88, glorot_std: 0.06, ratio: 14.7 }`). */
  evidence: Record<string, number | string>;
  /** Plain language: what happens and why it matters. */
  explanation: string;
  /** A concrete configuration change, as the user would type it (`--init glorot_uniform`) plus the config patch. */
  fix: { text: string; config?: Record<string, unknown> };
  /** The tag whose chart shows the evidence (the board links to it). */
  tag?: string;
  /**
   * What the rule blames: a root cause (`initialisation`, `learning_rate_high`, …) or, for
   * symptoms that several causes produce, the cause attributed from the other findings.
   */
  cause?: Cause;
  /** True when the finding is a symptom of another finding's cause rather than a cause itself. */
  symptom?: boolean;
  /** The tags the finding was read from (filled in by diagnose; the log's own names for foreign runs). */
  reads?: string[];
}

/** The causes the doctor can name; the benchmark checks the primary one against the injected fault. */
export type Cause =
  | 'initialisation'
  | 'bias_initialisation'
  | 'learning_rate_high'
  | 'learning_rate_low'
  | 'inputs'
  | 'imbalance'
  | 'overfitting'
  | 'numerics'
  | 'activation'
  | 'dropout'
  | 'frozen_layer'
  | 'labels'
  | 'loss_weighting'
  | 'unknown';

export interface DoctorReport {
  findings: Finding[];
  /** Rules that ran, with the tags each read: a clean bill only means something for these. */
  checked: { id: string; reads: string[] }[];
  /** Rules that could not run because the data they need is missing, with the reason. */
  not_checked: { id: string; reason: string }[];
  /** Whether enough ran for "no findings" to mean the run is healthy (see coverage.ts). */
  coverage?: { sufficient: boolean; note: string };
  /** The most likely root cause over all findings of warning or worse (absent when none). */
  diagnosis?: { cause: Cause; finding: string; summary: string };
}

/** The doctor the trainer runs after each probe: reports each finding once, when it first appears. */
export interface LiveDoctor {
  /**
   * Run the rules over the history so far; return what changed: findings not reported before
   * (current), and findings reported before that have cleared since (status 'cleared').
   */
  update(run: RunData): Finding[];
  /** Everything found so far, as a report (what doctor.json holds). */
  report(): DoctorReport;
}

/** What a rule may know besides the recorded history (absent for foreign TensorBoard logs). */
export interface RunContext {
  spec?: ModelSpec;
  /** The flat training config (src/run/config.ts), when the run is ours. */
  config?: TrainConfig;
  labelNames?: string[];
  /** How the log was read (layer names and fans, whether the first record is the initialisation). */
  log?: LogFacts;
}

/** A rule is a small pure function over the recorded history. */
export interface Rule {
  id: string;
  /** One line: the symptom it looks for. */
  title: string;
  /** Tags (or tag prefixes ending in '/') the rule needs; missing → listed as not checked. */
  needs: string[];
  /** Tags of which at least one must be present (alternative sources of the same evidence). */
  needsAny?: string[];
  /**
   * When any of these tags is present, a more exact rule answers the same question (trainscope's
   * probes record it directly), so this one, which works from histograms alone, does not run.
   */
  supersededBy?: string[];
  check(run: RunData, ctx: RunContext): Finding[];
}
