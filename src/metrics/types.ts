/**
 * Shared shapes of the metrics room. Matrices are row-major: cell (row r, label l) is at
 * index r * nLabels + l, exactly like Dataset.y.
 */

/** Scores for ranking metrics (probabilities or logits) or for thresholding (probabilities). */
export type Scores = Float32Array | Float64Array;

/** The ground truth: a rows × labels 0/1 matrix. */
export interface Truth {
  readonly yTrue: Uint8Array;
  readonly nRows: number;
  readonly nLabels: number;
  /** Used only in the text of undefined-value reasons; defaults to `label0`, `label1`, … */
  readonly labelNames?: readonly string[];
}

/** How per-label (or per-row) values are combined, as in scikit-learn's `average=`. */
export type Average = 'micro' | 'macro' | 'weighted' | 'samples';
export const AVERAGES: readonly Average[] = ['micro', 'macro', 'weighted', 'samples'];

/**
 * One metric value. `value: null` means scikit-learn refuses to compute it (it raises), and
 * `reason` says why in words a user can act on. A defined value may still carry a `warning`
 * when scikit-learn computes it by convention (e.g. average precision of a label with no
 * positives is 0).
 */
export type Metric = { value: number; warning?: string } | { value: null; reason: string };

export const defined = (value: number, warning?: string): Metric =>
  warning === undefined ? { value } : { value, warning };
export const undefinedMetric = (reason: string): Metric => ({ value: null, reason });

/** The keys of a full report, in the order of the reference fixture (scikit-learn names). */
export const METRIC_KEYS = [
  'roc_auc_micro',
  'average_precision_micro',
  'precision_micro',
  'recall_micro',
  'f1_micro',
  'jaccard_micro',
  'roc_auc_macro',
  'average_precision_macro',
  'precision_macro',
  'recall_macro',
  'f1_macro',
  'jaccard_macro',
  'roc_auc_weighted',
  'average_precision_weighted',
  'precision_weighted',
  'recall_weighted',
  'f1_weighted',
  'jaccard_weighted',
  'roc_auc_samples',
  'average_precision_samples',
  'precision_samples',
  'recall_samples',
  'f1_samples',
  'jaccard_samples',
  'roc_auc_per_label',
  'average_precision_per_label',
  'precision_per_label',
  'recall_per_label',
  'f1_per_label',
  'jaccard_per_label',
  'hamming_loss',
  'subset_accuracy',
  'label_ranking_average_precision',
  'coverage_error',
  'label_ranking_loss',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/** Metric keys whose value is one entry per label. */
export type PerLabelKey = Extract<MetricKey, `${string}_per_label`>;
export type ScalarKey = Exclude<MetricKey, PerLabelKey>;
export type MetricSet = { [K in ScalarKey]: Metric } & { [K in PerLabelKey]: Metric[] };

export function labelName(t: Truth, l: number): string {
  return t.labelNames?.[l] ?? `label${l}`;
}

/** Throws if the arrays do not have rows × labels entries: a shape bug, not a metric question. */
export function checkShape(t: Truth, ...arrays: { length: number }[]): void {
  const n = t.nRows * t.nLabels;
  if (!Number.isInteger(t.nRows) || !Number.isInteger(t.nLabels) || t.nRows < 0 || t.nLabels < 0) {
    throw new RangeError(`nRows and nLabels must be non-negative integers, got ${t.nRows} × ${t.nLabels}`);
  }
  if (t.yTrue.length !== n) throw new RangeError(`yTrue has ${t.yTrue.length} entries, expected ${n}`);
  for (const a of arrays) {
    if (a.length !== n)
      throw new RangeError(`scores have ${a.length} entries, expected ${t.nRows} × ${t.nLabels}`);
  }
}
