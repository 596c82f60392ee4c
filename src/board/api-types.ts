/**
 * The board's JSON API, as the front end (web/) sees it. Type-only module shared by the
 * server (src/board/api.ts) and the browser code, so both sides agree on every field.
 * Series are sent as compact arrays (not objects per point) to keep responses small.
 */
import type { Cause, DoctorReport, Finding, Severity } from '../doctor/types.js';
import type { EpochClock } from './since.js';

export type DoctorStatus = Severity | 'ok' | 'unknown';

/**
 * A run's state in one word, most serious first: `collapsed` (every label gets the same
 * prediction for every input), `fatal`/`warning` (the doctor's worst current finding), `ok`
 * (checked, nothing serious), `unchecked` (no doctor report).
 */
export type HealthState = 'collapsed' | 'fatal' | 'warning' | 'ok' | 'unchecked';

export interface RunSummary {
  name: string;
  /** Grows whenever new data is read for the run: the front end re-fetches when it changes. */
  version: number;
  lastStep: number;
  /** Wall time (seconds) of the newest event. */
  wallTime: number;
  /** Flat training configuration (ours), or the hparams record (foreign runs), or {}. */
  config: Record<string, string | number | boolean | null>;
  labelNames: string[];
  /** Final metrics (the report's scalar entries), or the last value of each validation metric. */
  final: Record<string, number>;
  doctor: { status: DoctorStatus; counts: Record<Severity, number> };
  /** The run's state and the cause the doctor (or its counterfactual runs) names. */
  state: HealthState;
  cause?: Cause;
  /** True when the run directory has trainscope.json (so config/report come from us). */
  ours: boolean;
  finished: boolean;
  warnings: string[];
  /** Chart colour, assigned by the server so the board and the static report agree. */
  color: string;
  /** Set on a counterfactual short run (`RUN/explain/…`): the run it explains, and its row label. */
  parent?: string;
  counterfactual?: string;
  /** Configuration without the seed (differing settings as `k=v, …`): seeds of one configuration share it. */
  group: string;
}

export interface RunsResponse {
  logdir: string;
  runs: RunSummary[];
  /** Keys of `config` whose values differ between top-level runs (counterfactual runs aside). */
  differing: string[];
}

/** One of the few numbers that show a run's health, with where to see it. */
export interface HealthNumber {
  key: 'weights_moved' | 'outputs' | 'dead_last_hidden' | 'auc';
  label: string;
  /** The number as shown (`14%`, `6 of 6 labels`, `0.500`); '—' when the run did not record it. */
  text: string;
  value: number | null;
  /** What exactly is counted (one line). */
  detail: string;
  /** True when a current doctor finding (or the collapse) points at this number. */
  flagged: boolean;
  /** Chart with the evidence. */
  tag?: string;
}

/** Findings of one rule, however many layers or labels it fired on: one card. */
export interface FindingGroup {
  id: string;
  severity: Severity;
  /** First step at which any of them held. */
  step: number;
  /** For findings that cleared: the step from which none of them held any more. */
  clearedStep?: number;
  /** Layers and labels, in order (empty for the whole run). */
  places: string[];
  explanation: string;
  fix: Finding['fix'];
  cause?: Cause;
  symptom: boolean;
  tag?: string;
  /** Each member finding (per layer/label), for its evidence numbers and chart. */
  findings: Finding[];
}

/** A row of the counterfactual table (doctor/explain.ts TrialOutcome), with the child run that holds it. */
export interface ExplainRow {
  label: string;
  cause: Cause | 'baseline';
  patch: Record<string, unknown>;
  valAuc: number | null;
  deltaAuc?: number | null;
  serious: string[];
  symptomPresent: boolean;
  /** The short run in this logdir, when it is there. */
  run?: string;
}

export interface ExplainView {
  symptom: string;
  verdict: string;
  cause?: Cause;
  baseline: ExplainRow;
  ranked: ExplainRow[];
}

export interface HealthResponse {
  run: string;
  state: HealthState;
  finished: boolean;
  lastStep: number;
  /** Steps per epoch and epochs, to say "since step N (epoch E of K)". */
  clock: EpochClock;
  /** One sentence: what is wrong (or that nothing is), with the number that shows it. */
  headline: string;
  /** The named cause; `confirmed` when counterfactual runs tested it. */
  verdict: {
    cause?: Cause;
    /** The cause in a few words: `initialisation, not dropout`. */
    title?: string;
    /** The sentence with the numbers: the explain verdict, else the doctor's diagnosis. */
    text: string;
    confirmed: boolean;
    /** Step at which the problem first held (absent when healthy or unknown). */
    since?: number;
    sinceText?: string;
    fix?: string;
  };
  numbers: HealthNumber[];
  /** Current findings grouped by rule, fatal first; cleared ones separately. */
  groups: FindingGroup[];
  cleared: FindingGroup[];
  explain: ExplainView | null;
  /** The command that runs the counterfactual explanation for this run (board is read-only). */
  explainCommand: string | null;
  doctorSource: FindingsResponse['source'];
  notChecked: DoctorReport['not_checked'];
  checked?: DoctorReport['checked'];
  coverage?: DoctorReport['coverage'];
}

export interface TagsResponse {
  run: string;
  scalars: string[];
  histograms: string[];
  texts: string[];
}

/** [step, wallTime, value] */
export type ScalarRow = [number, number, number];

export interface ScalarsResponse {
  run: string;
  tag: string;
  /** Points recorded (before downsampling). */
  total: number;
  points: ScalarRow[];
}

/** One histogram at one step: buckets as parallel arrays of left edges, right edges, counts. */
export interface HistogramStep {
  step: number;
  wallTime: number;
  min: number;
  max: number;
  num: number;
  mean: number;
  std: number;
  left: number[];
  right: number[];
  count: number[];
}

export interface HistogramsResponse {
  run: string;
  tag: string;
  total: number;
  steps: HistogramStep[];
}

/** Basis points of TensorBoard's distribution chart (min, -1.5σ, -σ, -0.5σ, median, …, max). */
export const DISTRIBUTION_BPS = [0, 668, 1587, 3085, 5000, 6915, 8413, 9332, 10000] as const;

export interface DistributionsResponse {
  run: string;
  tag: string;
  /** [step, v_0, …, v_8]: the value at each basis point of DISTRIBUTION_BPS. */
  points: number[][];
}

export interface FindingsResponse {
  run: string;
  /**
   * 'doctor.json' when the trainer or `trainscope doctor` wrote one; 'computed' when the board ran
   * the rules itself (foreign logs, --no-doctor runs); 'none' when there was nothing to read.
   */
  source: 'doctor.json' | 'computed' | 'none';
  /** The run the rules read: the whole Keras run ('A') for 'A/train' or 'A/validation'. */
  readAs?: string;
  findings: Finding[];
  /** The checks that ran, with the tags each read (absent in doctor.json files of older versions). */
  checked?: DoctorReport['checked'];
  notChecked: DoctorReport['not_checked'];
  coverage?: DoctorReport['coverage'];
  diagnosis?: DoctorReport['diagnosis'];
  /** The run is still training: the report grows as it goes. */
  live: boolean;
}

export interface LabelRow {
  label: string;
  prevalence?: number;
  positiveRate?: number;
  auc?: number;
  precision?: number;
  recall?: number;
  f1?: number;
}

export interface RunDetailResponse {
  run: string;
  config: Record<string, unknown>;
  labelNames: string[];
  report: Record<string, unknown> | null;
  labels: LabelRow[];
  /** Where `labels` came from: the final report, or the last probe's scalars. */
  labelsSource: 'report' | 'scalars' | 'none';
  hparams: Record<string, unknown> | null;
  texts: { tag: string; step: number; text: string }[];
}

/** Kinds of request, by API path (also the keys of the static report's inlined snapshot). */
export type ApiKind =
  | 'runs'
  | 'tags'
  | 'scalars'
  | 'histograms'
  | 'distributions'
  | 'findings'
  | 'run'
  | 'health';

/** /api/batch: one answer per run named, in order; a run that fails carries its status and message. */
export interface BatchResponse {
  results: ({ value: unknown } | { status: number; error: string })[];
}

/** Key of one response in the static report's snapshot: the same request gives the same key. */
export function snapshotKey(kind: ApiKind, run?: string, tag?: string): string {
  return [kind, run ?? '', tag ?? ''].join('\u0000');
}

/** The static report's inlined data: API responses by snapshotKey, plus when it was made. */
export interface Snapshot {
  createdAt: string;
  title: string;
  /** What the report holds, in a line (`1 run, and 6 counterfactual runs … nested under it`). */
  contents?: string;
  responses: Record<string, unknown>;
}

/**
 * The wire form of numbers: JSON has no NaN or ±Infinity and JSON.stringify turns all three into
 * null, which a chart cannot tell from a missing point. Like TensorBoard's JSON (json_util.Cleanse)
 * they travel as the strings "NaN", "Infinity" and "-Infinity"; the front end revives them.
 */
export function encodeJson(value: unknown): string {
  // a replacer slows JSON.stringify for every value: use it only when there is something to replace
  return hasNonFinite(value)
    ? JSON.stringify(value, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))
    : JSON.stringify(value);
}

function hasNonFinite(x: unknown): boolean {
  if (typeof x === 'number') return !Number.isFinite(x);
  if (x === null || typeof x !== 'object') return false;
  if (Array.isArray(x)) return x.some(hasNonFinite);
  for (const k in x) if (hasNonFinite((x as Record<string, unknown>)[k])) return true;
  return false;
}

/** JSON.parse of encodeJson's output; the reviver (5× slower on histograms) only when a non-finite number is there. */
export function decodeJson(text: string): unknown {
  return text.includes('"NaN"') || text.includes('Infinity"')
    ? JSON.parse(text, reviveNonFinite)
    : JSON.parse(text);
}

const NON_FINITE: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

/** JSON.parse reviver undoing encodeJson. */
export function reviveNonFinite(_key: string, v: unknown): unknown {
  return typeof v === 'string' && v in NON_FINITE ? NON_FINITE[v] : v;
}
