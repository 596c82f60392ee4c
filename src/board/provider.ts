/**
 * The board reads only through this interface (TensorBoard's DataProvider): the HTTP handlers
 * and the static report never touch files. LogdirProvider reads event files on disk
 * incrementally; CombinedProvider puts several of them under one set of run names (the report).
 */
import type { ExplainResult } from '../doctor/explain.js';
import type { DoctorReport } from '../doctor/types.js';
import type { HistogramPoint, ScalarPoint, TextPoint } from '../events/types.js';

export interface RunEntry {
  name: string;
  /** Grows whenever the provider sees new data for the run. */
  version: number;
  lastStep: number;
  wallTime: number;
  warnings: string[];
}

export interface RunTags {
  scalars: string[];
  histograms: string[];
  texts: string[];
}

/** What a run directory holds besides event files (all optional: foreign runs have none). */
export interface RunMeta {
  /** trainscope.json: { config, labelNames, report, … } */
  meta?: Record<string, unknown>;
  doctor?: DoctorReport;
  /** report.json: the final metrics report. */
  report?: Record<string, unknown>;
  hparams?: Record<string, string | number | boolean>;
  /** explain/explain.json: the counterfactual runs' ranked table and verdict (`doctor --explain`). */
  explain?: ExplainResult;
  finished: boolean;
}

export interface DataProvider {
  /** Path or label of the log directory (shown in the page header). */
  readonly label: string;
  /** `fresh: false`: the runs as last scanned, without looking for new data (default: look). */
  listRuns(fresh?: boolean): Promise<RunEntry[]>;
  /**
   * Whether the provider knows the run now, without looking for new data (a request for one run
   * need not wait for a rescan of the logdir: /api/runs, which the page polls, does that).
   */
  hasRun?(run: string): Promise<boolean>;
  listTags(run: string): Promise<RunTags>;
  /** Up to `downsample` points (0 = all), always including the last. */
  readScalars(run: string, tag: string, downsample: number): Promise<ScalarPoint[]>;
  readHistograms(run: string, tag: string, downsample: number): Promise<HistogramPoint[]>;
  readTexts(run: string, tag: string): Promise<TextPoint[]>;
  readRunMeta(run: string): Promise<RunMeta>;
  /** The run's directory as the user named it (for commands shown on the board), when on disk. */
  runDir?(run: string): string | undefined;
  /** Points recorded for a tag before downsampling (0 when unknown). */
  countPoints?(run: string, kind: 'scalars' | 'histograms', tag: string): Promise<number>;
}
