import { sortScores } from './sort.js';

/**
 * ROC AUC and average precision of one binary problem, from its positive and negative scores
 * each sorted ascending. One merge walk from the top score down visits every distinct threshold
 * once, so the cost is the two sorts: O(n log n).
 *
 * Ties follow scikit-learn: a tied positive/negative pair counts half for AUC (the trapezoid
 * under the ROC curve), and a group of tied scores is a single threshold for AP
 * (AP = Σ (R_k − R_{k−1}) · P_k over thresholds, no interpolation).
 */
export interface BinaryRanking {
  /** null when there are no positives or no negatives (scikit-learn raises). */
  auc: number | null;
  /** 0 when there are no positives (scikit-learn's convention, with a warning). */
  ap: number;
}

/** `P`, `N`: how many leading entries of `pos`, `neg` to use (rows reuse buffers). */
export function binaryRanking(
  pos: Float64Array,
  neg: Float64Array,
  P = pos.length,
  N = neg.length,
): BinaryRanking {
  let i = P - 1;
  let j = N - 1;
  let tps = 0;
  let fps = 0;
  // Counts up to rows × labels stay far below 2^53, so this sum is exact.
  let aucSum = 0;
  let ap = 0;
  while (i >= 0 || j >= 0) {
    const t = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
    let dp = 0;
    let dn = 0;
    while (i >= 0 && pos[i] === t) {
      dp++;
      i--;
    }
    while (j >= 0 && neg[j] === t) {
      dn++;
      j--;
    }
    tps += dp;
    fps += dn;
    if (dp > 0) {
      aucSum += dp * (N - fps) + 0.5 * dp * dn;
      ap += dp * (tps / (tps + fps));
    }
  }
  return { auc: P > 0 && N > 0 ? aucSum / (P * N) : null, ap: P > 0 ? ap / P : 0 };
}

/** Positive and negative scores of `length` cells starting at `start`, `stride` apart, sorted. */
export function splitSorted(
  yTrue: Uint8Array,
  scores: ArrayLike<number>,
  start: number,
  stride: number,
  length: number,
): { pos: Float64Array; neg: Float64Array } {
  let nPos = 0;
  for (let k = 0, idx = start; k < length; k++, idx += stride) nPos += yTrue[idx] ? 1 : 0;
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(length - nPos);
  let p = 0;
  let n = 0;
  for (let k = 0, idx = start; k < length; k++, idx += stride) {
    if (yTrue[idx]) pos[p++] = scores[idx];
    else neg[n++] = scores[idx];
  }
  // Sorting the values (not an index array with a comparator) is what keeps this O(n log n) cheap.
  sortScores(pos);
  sortScores(neg);
  return { pos, neg };
}
