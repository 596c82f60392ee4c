/**
 * The board reads only through this interface (TensorBoard's DataProvider): the HTTP handlers
 * and the static report never touch files. Two implementations: LogdirProvider (event files on
 * disk, read incrementally) and MemoryProvider (RunData in memory: tests, the report).
 */
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
  finished: boolean;
}

export interface DataProvider {
  /** Path or label of the log directory (shown in the page header). */
  readonly label: string;
  listRuns(): Promise<RunEntry[]>;
  listTags(run: string): Promise<RunTags>;
  /** Up to `downsample` points (0 = all), always including the last. */
  readScalars(run: string, tag: string, downsample: number): Promise<ScalarPoint[]>;
  readHistograms(run: string, tag: string, downsample: number): Promise<HistogramPoint[]>;
  readTexts(run: string, tag: string): Promise<TextPoint[]>;
  readRunMeta(run: string): Promise<RunMeta>;
  /** Points recorded for a tag before downsampling (0 when unknown). */
  countPoints?(run: string, kind: 'scalars' | 'histograms', tag: string): Promise<number>;
}
