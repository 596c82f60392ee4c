import { labelRankingMetrics } from './label-ranking.js';
import { type RankingKeys, rankingMetrics } from './ranking.js';
import { binarize, classificationMetrics } from './thresholded.js';
import {
  checkShape,
  METRIC_KEYS,
  type Metric,
  type MetricKey,
  type MetricSet,
  type PerLabelKey,
  type ScalarKey,
  type Scores,
  type Truth,
  undefinedMetric,
} from './types.js';

export { formatReport } from './format.js';

export interface ReportInput {
  yTrue: Uint8Array;
  /** Sigmoid outputs, row-major rows × labels; thresholded metrics use these. */
  probabilities: Scores;
  /**
   * Pre-sigmoid outputs in the same layout. When given, ranking metrics (ROC AUC, AP, LRAP,
   * coverage, ranking loss) use them: same order as the probabilities, but no float32 ties
   * where the sigmoid saturates to exactly 0 or 1 (DESIGN.md, "Float32 saturation hides ranking").
   */
  logits?: Scores;
  nRows: number;
  nLabels: number;
  labelNames: readonly string[];
  /** y_pred = 1 where probability ≥ threshold. */
  threshold?: number;
}

/** One row of the per-label table. Rates are shares of rows in [0, 1]. */
export interface LabelRow {
  name: string;
  support: number;
  prevalence: number;
  predicted_positive_rate: number;
  roc_auc: number | null;
  average_precision: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/**
 * A metrics report: plain JSON. `metrics` has exactly scikit-learn's keys (METRIC_KEYS); a value
 * is a number, or null when scikit-learn refuses to compute it, in which case
 * `undefined_reasons[key]` says why (for `*_per_label` keys: an array parallel to the labels,
 * with null where the label's value is defined). `warnings` lists values that are defined only
 * by convention (e.g. average precision 0 for a label without positives).
 */
export interface MetricsReport {
  n_rows: number;
  n_labels: number;
  label_names: string[];
  threshold: number;
  /** scikit-learn's zero_division: an empty ratio (e.g. precision with no predicted positives) is 0. */
  zero_division: 0;
  ranking_scores: 'logits' | 'probabilities';
  /** Share of all probabilities that are exactly 0 or exactly 1 (saturated sigmoids tie). */
  probabilities_exact_0_or_1: number;
  /** Share of cells truly positive, and predicted positive. */
  label_density: number;
  predicted_density: number;
  metrics: { [K in ScalarKey]: number | null } & { [K in PerLabelKey]: (number | null)[] };
  undefined_reasons: Partial<{ [K in ScalarKey]: string } & { [K in PerLabelKey]: (string | null)[] }>;
  warnings: string[];
  labels: LabelRow[];
}

export function computeReport(input: ReportInput): MetricsReport {
  const { yTrue, probabilities, logits, nRows, nLabels, threshold = 0.5 } = input;
  const labelNames = input.labelNames.map(String);
  const truth: Truth = { yTrue, nRows, nLabels, labelNames };
  checkShape(truth, probabilities, ...(logits ? [logits] : []));
  if (labelNames.length !== nLabels) {
    throw new RangeError(`labelNames has ${labelNames.length} names, expected ${nLabels}`);
  }
  const rankingScores = logits ?? probabilities;
  const yPred = binarize(probabilities, threshold);

  const nanCount = countNaN(rankingScores);
  const ranking =
    nanCount > 0 ? allUndefined(truth, `${nanCount} ${logits ? 'logits' : 'probabilities'} are NaN`) : null;
  const set: MetricSet = {
    ...(ranking ?? rankingMetrics(truth, rankingScores)),
    ...classificationMetrics(truth, yPred),
    ...(ranking ?? labelRankingMetrics(truth, rankingScores)),
  } as MetricSet;

  const metrics = {} as Record<string, number | null | (number | null)[]>;
  const reasons = {} as Record<string, string | (string | null)[]>;
  const warnings = new Set<string>();
  if (countNaN(probabilities) > 0) {
    warnings.add(`${countNaN(probabilities)} probabilities are NaN and count as predicted negative`);
  }
  for (const key of METRIC_KEYS) {
    const v = set[key];
    if (Array.isArray(v)) {
      metrics[key] = v.map((m) => m.value);
      if (v.some((m) => m.value === null)) reasons[key] = v.map((m) => (m.value === null ? m.reason : null));
      for (const m of v) note(m, warnings);
    } else {
      const m = v as Metric;
      metrics[key] = m.value;
      if (m.value === null) reasons[key] = m.reason;
      note(m, warnings);
    }
  }

  const truePos = new Float64Array(nLabels);
  const predPos = new Float64Array(nLabels);
  let exact = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const l = i % nLabels;
    truePos[l] += yTrue[i] ? 1 : 0;
    predPos[l] += yPred[i];
    const p = probabilities[i];
    if (p === 0 || p === 1) exact++;
  }
  const cells = nRows * nLabels;
  const share = (x: number, n: number) => (n === 0 ? 0 : x / n);
  const at = (key: PerLabelKey, l: number) => (metrics[key] as (number | null)[])[l];
  const labels: LabelRow[] = labelNames.map((name, l) => ({
    name,
    support: truePos[l],
    prevalence: share(truePos[l], nRows),
    predicted_positive_rate: share(predPos[l], nRows),
    roc_auc: at('roc_auc_per_label', l),
    average_precision: at('average_precision_per_label', l),
    precision: at('precision_per_label', l),
    recall: at('recall_per_label', l),
    f1: at('f1_per_label', l),
  }));
  return {
    n_rows: nRows,
    n_labels: nLabels,
    label_names: labelNames,
    threshold,
    zero_division: 0,
    ranking_scores: logits ? 'logits' : 'probabilities',
    probabilities_exact_0_or_1: share(exact, cells),
    label_density: share(sum(truePos), cells),
    predicted_density: share(sum(predPos), cells),
    metrics: metrics as MetricsReport['metrics'],
    undefined_reasons: reasons as MetricsReport['undefined_reasons'],
    warnings: [...warnings],
    labels,
  };
}

function note(m: Metric, warnings: Set<string>): void {
  if (m.value !== null && m.warning) warnings.add(m.warning);
}

function countNaN(a: Scores): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (Number.isNaN(a[i])) n++;
  return n;
}

function sum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

type RankingSet = Pick<
  MetricSet,
  RankingKeys | 'label_ranking_average_precision' | 'coverage_error' | 'label_ranking_loss'
>;

/** Every ranking metric undefined for one reason (NaN scores cannot be ordered). */
function allUndefined(t: Truth, reason: string): RankingSet {
  const u = undefinedMetric(reason);
  const perLabel = () => Array.from({ length: t.nLabels }, () => u);
  const out: Record<string, Metric | Metric[]> = {};
  for (const key of METRIC_KEYS) {
    if (!/^(roc_auc|average_precision|label_ranking|coverage)/.test(key)) continue;
    out[key] = key.endsWith('_per_label') ? perLabel() : u;
  }
  return out as unknown as RankingSet;
}

export type { MetricKey };
