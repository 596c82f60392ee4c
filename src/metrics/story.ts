import { STORY_METRICS } from '../run/tags.js';
import { forEachLabelBlock } from './class-columns.js';
import { countBelow, rankIndex, rankScratch } from './rank-index.js';
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
 * cost: the logits are regrouped by label and class, a block of labels at a time
 * (class-columns.ts); each label's ROC
 * AUC sorts only its smaller class and counts the other against it (rank-index.ts), and so does
 * micro ROC AUC over all cells; precision and recall count the cells at or above the threshold.
 * The full report (average precision, sample averages, label ranking, per-label tables) is for
 * the end of a run and on demand.
 */
export function storyMetrics(t: Truth, logits: Float32Array, threshold = 0.5): StoryValues {
  checkShape(t, logits);
  const cut = positiveFrom(threshold);
  for (let i = 0; i < logits.length; i++) if (Number.isNaN(logits[i])) return withNaN(t, logits, cut);
  const R = t.nRows;
  const L = t.nLabels;
  const scratch = rankScratch(R);
  const micro = microIndex(t, logits);
  let microBelow = 0;
  let microTied = 0;
  const aucs: Metric[] = [];
  const tp = new Float64Array(L);
  const predicted = new Float64Array(L);
  const support = new Float64Array(L);
  let macroDefined = true;
  forEachLabelBlock(t, logits, ({ first, width, values, neg }) => {
    for (let b = 0; b < width; b++) {
      const l = first + b;
      const n0 = b * R;
      const n1 = n0 + neg[b];
      const p1 = n0 + R;
      const auc = aucOf(values, n0, n1, p1, scratch);
      if (auc === null) macroDefined = false;
      else aucs.push(defined(auc));
      let tpl = 0;
      for (let k = n1; k < p1; k++) if (values[k] >= cut) tpl++;
      let fpl = 0;
      for (let k = n0; k < n1; k++) if (values[k] >= cut) fpl++;
      tp[l] = tpl;
      predicted[l] = tpl + fpl;
      support[l] = p1 - n1;
      if (micro) {
        // this label's cells of the larger class against the smaller class of all cells
        const c = micro.positivesFewer
          ? countBelow(micro.ix, values, n0, n1)
          : countBelow(micro.ix, values, n1, p1);
        microBelow += c.below;
        microTied += c.tied;
      }
    }
  });
  let microAuc: number | null = null;
  if (micro) {
    const { P, N } = micro;
    microAuc = micro.positivesFewer
      ? (P * N - microBelow - 0.5 * microTied) / (P * N)
      : (microBelow + 0.5 * microTied) / (P * N);
  }
  return {
    roc_auc_micro: microAuc,
    roc_auc_macro: macroDefined ? averageOver(aucs, null, 'macro').value : null,
    ...thresholded(tp, predicted, support),
  };
}

/**
 * ROC AUC of one label whose negatives are values[n0, n1) and positives values[n1, p1): the
 * pairs a positive scores above a negative, ties half (scikit-learn's trapezoid), over all pairs.
 * The pair count is a sum of integers and halves far below 2^53, exact, so the value equals the
 * full report's to the last bit. null with one class only.
 */
function aucOf(
  values: Float32Array,
  n0: number,
  n1: number,
  p1: number,
  scratch: ReturnType<typeof rankScratch>,
): number | null {
  const P = p1 - n1;
  const N = n1 - n0;
  if (P === 0 || N === 0) return null;
  if (P <= N) {
    const c = countBelow(rankIndex(values, n1, p1, scratch), values, n0, n1);
    return (P * N - c.below - 0.5 * c.tied) / (P * N);
  }
  const c = countBelow(rankIndex(values, n0, n1, scratch), values, n1, p1);
  return (c.below + 0.5 * c.tied) / (P * N);
}

/**
 * For micro ROC AUC (every cell one binary problem): the smaller class of all cells, gathered and
 * indexed once; each label's cells of the larger class are counted against it. null when every
 * cell has the same class (undefined, as in scikit-learn).
 */
function microIndex(t: Truth, logits: Float32Array) {
  const { yTrue } = t;
  const cells = logits.length;
  let P = 0;
  for (let i = 0; i < cells; i++) if (yTrue[i]) P++;
  const N = cells - P;
  if (P === 0 || N === 0) return null;
  const positivesFewer = P <= N;
  const minority = new Float32Array(positivesFewer ? P : N);
  let at = 0;
  for (let i = 0; i < cells; i++) if (!yTrue[i] !== positivesFewer) minority[at++] = logits[i];
  const ix = rankIndex(minority, 0, minority.length, rankScratch(minority.length));
  return { ix, P, N, positivesFewer };
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
