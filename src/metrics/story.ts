import { STORY_METRICS } from '../run/tags.js';
import { keyOf } from './key-sort.js';
import { countsAt, labelAuc, sortColumns } from './logit-columns.js';
import { microAuc } from './micro-auc.js';
import { averageOver } from './ranking.js';
import { classificationMetrics } from './thresholded.js';
import { checkShape, defined, type Metric, type Truth } from './types.js';

/** The story's eight validation metrics (scikit-learn names), as the tag contract lists them. */
export const STORY_KEYS = STORY_METRICS;
export type StoryKey = (typeof STORY_KEYS)[number];

type StoryValues = Record<StoryKey, number | null>;

/**
 * The eight metrics logged every epoch, from logits, with the values computeReport gives (same
 * thresholding of float32 sigmoids, same tie rule, same undefined cases), at a fraction of the
 * cost: every label's column is sorted once on its own (logit-columns.ts), which gives the
 * label's ROC AUC and, by two binary searches at the threshold, its precision and recall counts;
 * micro ROC AUC comes from the same sorted columns (micro-auc.ts). The full report (average
 * precision, sample averages, label ranking, per-label tables) is for the end of a run and on
 * demand.
 */
export function storyMetrics(t: Truth, logits: Float32Array, threshold = 0.5): StoryValues {
  checkShape(t, logits);
  const cut = positiveFrom(threshold);
  for (let i = 0; i < logits.length; i++) if (Number.isNaN(logits[i])) return withNaN(t, logits, cut);
  const L = t.nLabels;
  const columns = sortColumns(t, logits);
  const cutKey = keyOf(cut);
  const aucs: Metric[] = [];
  const tp = new Float64Array(L);
  const predicted = new Float64Array(L);
  const support = new Float64Array(L);
  let macroDefined = true;
  for (let l = 0; l < L; l++) {
    const a = labelAuc(columns, l);
    if (a.auc === null) macroDefined = false;
    else aucs.push(defined(a.auc));
    const at = countsAt(columns, l, cutKey);
    tp[l] = at.tp;
    predicted[l] = at.predicted;
    support[l] = a.pos;
  }
  return {
    roc_auc_micro: microAuc(columns).auc,
    roc_auc_macro: macroDefined ? averageOver(aucs, null, 'macro').value : null,
    ...thresholded(tp, predicted, support),
  };
}

const div = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** Precision and recall from per-label counts, with classificationMetrics' arithmetic (zero_division 0). */
function thresholded(tp: Float64Array, predicted: Float64Array, support: Float64Array) {
  const precision: Metric[] = [];
  const recall: Metric[] = [];
  let tpAll = 0;
  let predAll = 0;
  let trueAll = 0;
  for (let l = 0; l < tp.length; l++) {
    precision.push(defined(div(tp[l], predicted[l])));
    recall.push(defined(div(tp[l], support[l])));
    tpAll += tp[l];
    predAll += predicted[l];
    trueAll += support[l];
  }
  return {
    precision_micro: div(tpAll, predAll),
    precision_macro: averageOver(precision, null, 'macro').value,
    precision_weighted: averageOver(precision, support, 'weighted').value,
    recall_micro: div(tpAll, trueAll),
    recall_macro: averageOver(recall, null, 'macro').value,
    recall_weighted: averageOver(recall, support, 'weighted').value,
  };
}

/** NaN logits make every ROC AUC undefined (as in the full report) and count as predicted negative. */
function withNaN(t: Truth, logits: Float32Array, cut: number): StoryValues {
  const yPred = new Uint8Array(logits.length);
  for (let i = 0; i < logits.length; i++) yPred[i] = logits[i] >= cut ? 1 : 0;
  const c = classificationMetrics(t, yPred);
  return {
    roc_auc_micro: null,
    roc_auc_macro: null,
    precision_micro: c.precision_micro.value,
    precision_macro: c.precision_macro.value,
    precision_weighted: c.precision_weighted.value,
    recall_micro: c.recall_micro.value,
    recall_macro: c.recall_macro.value,
    recall_weighted: c.recall_weighted.value,
  };
}

/** The float32 sigmoid of a logit, as the full report's probabilities hold it. */
const sigmoid32 = (z: number) => Math.fround(1 / (1 + Math.exp(-z)));

/**
 * The smallest float32 logit whose float32 sigmoid is ≥ threshold: thresholding the logits at it
 * gives the full report's predictions (the sigmoid is monotone) without an exp per cell.
 * Bisection over the float32 values, ordered by their integer keys.
 */
function positiveFrom(threshold: number): number {
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  const floatOfKey = (key: number) => {
    u[0] = key >= 0x80000000 ? key - 0x80000000 : ~key >>> 0;
    return f[0];
  };
  // Keys of -Infinity and +Infinity: every finite float32 lies between.
  let lo = 0x007fffff;
  let hi = 0xff800000;
  if (sigmoid32(floatOfKey(lo)) >= threshold) return Number.NEGATIVE_INFINITY;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (sigmoid32(floatOfKey(mid)) >= threshold) hi = mid;
    else lo = mid;
  }
  return floatOfKey(hi);
}
