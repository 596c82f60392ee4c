import { lowerBound, orderKey, sortKeys } from './key-sort.js';
import type { Truth } from './types.js';

/**
 * Every label's column of logits sorted once, as order keys (key-sort.ts): label l's cells sit at
 * keys[l·R, (l+1)·R), its negatives first, then its positives, each run ascending. From it come
 * each label's ROC AUC, its counts at a threshold, and (micro-auc.ts) the micro ROC AUC.
 *
 * Built a block of labels at a time: the row-major logits are read a few cache lines per row,
 * and a block's columns (BLOCK · R keys) stay in cache while they are split and sorted, which a
 * sort of all R·L cells at once does not.
 */
export interface SortedColumns {
  keys: Uint32Array;
  nRows: number;
  nLabels: number;
  /** Negatives per label: label l's positives start at l·R + neg[l]. */
  neg: Uint32Array;
  /** Cells per 16-bit key prefix (keys >>> 16), negatives and positives apart. */
  histNeg: Uint32Array;
  histPos: Uint32Array;
}

const BLOCK = 16;

/** Sorted columns of logits (no NaN: the caller checks). */
export function sortColumns(t: Truth, logits: Float32Array): SortedColumns {
  const { nRows: R, nLabels: L, yTrue } = t;
  const bits = new Uint32Array(logits.buffer, logits.byteOffset, R * L);
  const keys = new Uint32Array(R * L);
  const neg = new Uint32Array(L);
  const histNeg = new Uint32Array(65536);
  const histPos = new Uint32Array(65536);
  const scratch = new Uint32Array(R);
  const negAt = new Uint32Array(BLOCK);
  const posAt = new Uint32Array(BLOCK);
  for (let l0 = 0; l0 < L; l0 += BLOCK) {
    const width = Math.min(BLOCK, L - l0);
    for (let b = 0; b < width; b++) {
      negAt[b] = (l0 + b) * R;
      posAt[b] = (l0 + b + 1) * R;
    }
    for (let r = 0; r < R; r++) {
      const i0 = r * L + l0;
      for (let b = 0; b < width; b++) {
        const k = orderKey(bits[i0 + b]);
        if (yTrue[i0 + b]) {
          keys[--posAt[b]] = k;
          histPos[k >>> 16]++;
        } else {
          keys[negAt[b]++] = k;
          histNeg[k >>> 16]++;
        }
      }
    }
    for (let b = 0; b < width; b++) {
      const l = l0 + b;
      neg[l] = negAt[b] - l * R;
      sortKeys(keys, l * R, negAt[b], scratch);
      sortKeys(keys, negAt[b], (l + 1) * R, scratch);
    }
  }
  return { keys, nRows: R, nLabels: L, neg, histNeg, histPos };
}

/**
 * ROC AUC of label l: each positive scores the negatives strictly below it plus half of those
 * tied with it (the trapezoid rule, as scikit-learn). The sum is of integers and halves far below
 * 2^53, so it is exact and equals the full report's to the last bit. null with one class only.
 */
export function labelAuc(c: SortedColumns, l: number): { auc: number | null; pos: number } {
  const { keys, nRows: R } = c;
  const n0 = l * R;
  const n1 = n0 + c.neg[l];
  const p1 = (l + 1) * R;
  let j = n0;
  let sum = 0;
  for (let p = n1; p < p1; ) {
    const v = keys[p];
    let dp = 0;
    for (; p < p1 && keys[p] === v; p++) dp++;
    while (j < n1 && keys[j] < v) j++;
    let dn = 0;
    for (; j < n1 && keys[j] === v; j++) dn++;
    sum += dp * (j - dn - n0) + 0.5 * dp * dn;
  }
  const pos = p1 - n1;
  const negs = n1 - n0;
  return { auc: pos > 0 && negs > 0 ? sum / (pos * negs) : null, pos };
}

/** Label l's true positives and predicted positives: cells whose key is ≥ cutKey. */
export function countsAt(c: SortedColumns, l: number, cutKey: number): { tp: number; predicted: number } {
  const { keys, nRows: R } = c;
  const n0 = l * R;
  const n1 = n0 + c.neg[l];
  const p1 = (l + 1) * R;
  const tp = p1 - lowerBound(keys, n1, p1, cutKey);
  return { tp, predicted: tp + n1 - lowerBound(keys, n0, n1, cutKey) };
}
