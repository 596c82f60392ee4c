/**
 * The in-memory model of a log directory that every reader produces and every consumer
 * (inspect, doctor, board) reads: runs → tags → steps → values or histograms.
 */
export interface ScalarPoint {
  step: number;
  wallTime: number;
  value: number;
}

/** One histogram as TensorBoard's TF2 format holds it: bucket edges and counts. */
export interface Histogram {
  min: number;
  max: number;
  num: number;
  sum: number;
  sumSquares: number;
  /** Right edge of each bucket (HistogramProto.bucket_limit); left edge of bucket i is limits[i-1] (or min). */
  bucketLimits: Float64Array;
  counts: Float64Array;
  /** Non-finite values seen when the histogram was made (our writer records these; others leave 0). */
  nanCount?: number;
  infCount?: number;
}

export interface HistogramPoint {
  step: number;
  wallTime: number;
  histogram: Histogram;
}

export interface TextPoint {
  step: number;
  wallTime: number;
  text: string;
}

export interface RunData {
  /** Path of the run relative to the logdir ('.' when the logdir itself holds event files). */
  name: string;
  scalars: Map<string, ScalarPoint[]>;
  histograms: Map<string, HistogramPoint[]>;
  texts: Map<string, TextPoint[]>;
  /** hparams session-start record, if any: name → value. */
  hparams?: Record<string, string | number | boolean>;
  /** hparams session-end status, if the run recorded one. */
  hparamsStatus?: 'unknown' | 'success' | 'failure' | 'running';
  /** Problems met while reading (corrupt record at offset …); the rest of the data is still here. */
  warnings: string[];
}
