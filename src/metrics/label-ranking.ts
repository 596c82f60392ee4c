import { sortPrefix } from './sort.js';
import { checkShape, defined, type Metric, type Scores, type Truth } from './types.js';

/**
 * Label-ranking metrics (scikit-learn 1.2): each row ranks its own labels by score. Ties are
 * pessimistic, as in scikit-learn: a label's rank counts every label scored ≥ it, and a tied
 * relevant/irrelevant pair counts as misordered. Rows whose labels are all 0 or all 1 have no
 * ranking to judge: LRAP 1, ranking loss 0, and (all 0) coverage 0.
 */
export interface LabelRankingMetrics {
  label_ranking_average_precision: Metric;
  coverage_error: Metric;
  label_ranking_loss: Metric;
}

export function labelRankingMetrics(t: Truth, scores: Scores): LabelRankingMetrics {
  checkShape(t, scores);
  const { nRows, nLabels: L, yTrue } = t;
  const all = new Float64Array(L);
  const rel = new Float64Array(L);
  const irr = new Float64Array(L);
  let lrap = 0;
  let coverage = 0;
  let loss = 0;
  for (let r = 0; r < nRows; r++) {
    let nRel = 0;
    let nIrr = 0;
    for (let l = 0, i = r * L; l < L; l++, i++) {
      all[l] = scores[i];
      if (yTrue[i]) rel[nRel++] = scores[i];
      else irr[nIrr++] = scores[i];
    }
    if (nRel === 0) {
      lrap += 1;
      continue;
    }
    sortPrefix(all, L);
    const relS = sortPrefix(rel, nRel).subarray(0, nRel);
    // coverage: how far down the ranking one must go to cover every relevant label.
    coverage += L - lowerBound(all, L, relS[0]);
    if (nRel === L) {
      lrap += 1;
      continue;
    }
    let prec = 0;
    for (let k = 0; k < nRel; k++) {
      const s = relS[k];
      prec += (nRel - lowerBound(relS, nRel, s)) / (L - lowerBound(all, L, s));
    }
    lrap += prec / nRel;
    const irrS = sortPrefix(irr, nIrr);
    let bad = 0;
    for (let k = 0; k < nIrr; k++) bad += upperBound(relS, nRel, irrS[k]);
    loss += bad / (nRel * nIrr);
  }
  const mean = (x: number): Metric => defined(nRows === 0 ? 0 : x / nRows);
  return {
    label_ranking_average_precision: mean(lrap),
    coverage_error: mean(coverage),
    label_ranking_loss: mean(loss),
  };
}

/** First index in sorted a[0..n) with a[i] ≥ x. */
function lowerBound(a: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in sorted a[0..n) with a[i] > x. */
function upperBound(a: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
