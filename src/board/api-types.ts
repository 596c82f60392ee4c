/**
 * The board's JSON API, as the front end (web/) sees it. Type-only module shared by the
 * server (src/board/api.ts) and the browser code, so both sides agree on every field.
 * Series are sent as compact arrays (not objects per point) to keep responses small.
 */
import type { DoctorReport, Finding, Severity } from '../doctor/types.js';

export type DoctorStatus = Severity | 'ok' | 'unknown';

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
  /** True when the run directory has trainscope.json (so config/report come from us). */
  ours: boolean;
  finished: boolean;
  warnings: string[];
}

export interface RunsResponse {
  logdir: string;
  runs: RunSummary[];
  /** Keys of `config` whose values differ between runs (highlighted in the runs table). */
  differing: string[];
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
  /** 'doctor.json' when the trainer or `trainscope doctor` wrote one; 'none' otherwise. */
  source: 'doctor.json' | 'none';
  findings: Finding[];
  notChecked: DoctorReport['not_checked'];
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
export type ApiKind = 'runs' | 'tags' | 'scalars' | 'histograms' | 'distributions' | 'findings' | 'run';

/** Key of one response in the static report's snapshot: the same request gives the same key. */
export function snapshotKey(kind: ApiKind, run?: string, tag?: string): string {
  return [kind, run ?? '', tag ?? ''].join('\u0000');
}

/** The static report's inlined data: API responses by snapshotKey, plus when it was made. */
export interface Snapshot {
  createdAt: string;
  title: string;
  responses: Record<string, unknown>;
}
