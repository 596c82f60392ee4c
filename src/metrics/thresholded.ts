import { averageOver } from './ranking.js';
import {
  type Average,
  checkShape,
  defined,
  type Metric,
  type MetricSet,
  type Scores,
  type Truth,
} from './types.js';

/**
 * Metrics of hard 0/1 predictions, as scikit-learn 1.2 computes them with zero_division=0:
 * a ratio whose denominator is 0 (no predicted positives for precision, no true positives for
 * recall, neither for F1/Jaccard) is 0, never undefined. F1 is computed from precision and
 * recall (2PR/(P+R)), exactly like scikit-learn, so rounding matches too.
 */
export type ClassificationKeys =
  | `${'precision' | 'recall' | 'f1' | 'jaccard'}_${Average | 'per_label'}`
  | 'hamming_loss'
  | 'subset_accuracy';

/** y_pred = 1 where score ≥ threshold (the fixture's rule; sigmoid(0) = 0.5 is positive). */
export function binarize(scores: Scores, threshold = 0.5): Uint8Array {
  const out = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = scores[i] >= threshold ? 1 : 0;
  return out;
}

const div = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const fscore = (p: number, r: number): number => div(2 * p * r, p + r);

export function classificationMetrics(t: Truth, yPred: Uint8Array): Pick<MetricSet, ClassificationKeys> {
  checkShape(t, yPred);
  const { nRows, nLabels, yTrue } = t;
  const tp = new Float64Array(nLabels);
  const predSum = new Float64Array(nLabels);
  const trueSum = new Float64Array(nLabels);
  let mismatches = 0;
  let exactRows = 0;
  const rowSums = { precision: 0, recall: 0, f1: 0, jaccard: 0 };
  for (let r = 0; r < nRows; r++) {
    let rowTp = 0;
    let rowPred = 0;
    let rowTrue = 0;
    for (let l = 0, i = r * nLabels; l < nLabels; l++, i++) {
      const y = yTrue[i] ? 1 : 0;
      const p = yPred[i] ? 1 : 0;
      rowTp += y & p;
      rowPred += p;
      rowTrue += y;
      tp[l] += y & p;
      predSum[l] += p;
      trueSum[l] += y;
    }
    const rowWrong = rowPred + rowTrue - 2 * rowTp;
    mismatches += rowWrong;
    if (rowWrong === 0) exactRows++;
    const p = div(rowTp, rowPred);
    const rc = div(rowTp, rowTrue);
    rowSums.precision += p;
    rowSums.recall += rc;
    rowSums.f1 += fscore(p, rc);
    rowSums.jaccard += div(rowTp, rowPred + rowTrue - rowTp);
  }
  const perLabel = {
    precision: [] as Metric[],
    recall: [] as Metric[],
    f1: [] as Metric[],
    jaccard: [] as Metric[],
  };
  let tpAll = 0;
  let predAll = 0;
  let trueAll = 0;
  for (let l = 0; l < nLabels; l++) {
    const p = div(tp[l], predSum[l]);
    const rc = div(tp[l], trueSum[l]);
    perLabel.precision.push(defined(p));
    perLabel.recall.push(defined(rc));
    perLabel.f1.push(defined(fscore(p, rc)));
    perLabel.jaccard.push(defined(div(tp[l], predSum[l] + trueSum[l] - tp[l])));
    tpAll += tp[l];
    predAll += predSum[l];
    trueAll += trueSum[l];
  }
  const pMicro = div(tpAll, predAll);
  const rMicro = div(tpAll, trueAll);
  const cells = nRows * nLabels;
  const rows = (x: number): Metric => defined(div(x, nRows));
  return {
    precision_micro: defined(pMicro),
    recall_micro: defined(rMicro),
    f1_micro: defined(fscore(pMicro, rMicro)),
    jaccard_micro: defined(div(tpAll, predAll + trueAll - tpAll)),
    precision_macro: averageOver(perLabel.precision, null, 'macro'),
    recall_macro: averageOver(perLabel.recall, null, 'macro'),
    f1_macro: averageOver(perLabel.f1, null, 'macro'),
    jaccard_macro: averageOver(perLabel.jaccard, null, 'macro'),
    precision_weighted: averageOver(perLabel.precision, trueSum, 'weighted'),
    recall_weighted: averageOver(perLabel.recall, trueSum, 'weighted'),
    f1_weighted: averageOver(perLabel.f1, trueSum, 'weighted'),
    // scikit-learn's jaccard falls back to an unweighted mean when no label has support.
    jaccard_weighted: averageOver(perLabel.jaccard, trueAll > 0 ? trueSum : null, 'weighted'),
    precision_samples: rows(rowSums.precision),
    recall_samples: rows(rowSums.recall),
    f1_samples: rows(rowSums.f1),
    jaccard_samples: rows(rowSums.jaccard),
    precision_per_label: perLabel.precision,
    recall_per_label: perLabel.recall,
    f1_per_label: perLabel.f1,
    jaccard_per_label: perLabel.jaccard,
    hamming_loss: defined(div(mismatches, cells)),
    subset_accuracy: rows(exactRows),
  };
}

type Kind = 'precision' | 'recall' | 'f1' | 'jaccard';
/** One thresholded metric with one average, e.g. `classification(t, yPred, 'recall', 'macro')`. */
export function classification(t: Truth, yPred: Uint8Array, kind: Kind, average: Average): Metric {
  return classificationMetrics(t, yPred)[`${kind}_${average}`];
}
export function classificationPerLabel(t: Truth, yPred: Uint8Array, kind: Kind): Metric[] {
  return classificationMetrics(t, yPred)[`${kind}_per_label`];
}
export const hammingLoss = (t: Truth, yPred: Uint8Array): Metric =>
  classificationMetrics(t, yPred).hamming_loss;
export const subsetAccuracy = (t: Truth, yPred: Uint8Array): Metric =>
  classificationMetrics(t, yPred).subset_accuracy;
