import { sortKeys } from './key-sort.js';
import type { SortedColumns } from './logit-columns.js';

/**
 * Micro ROC AUC (every cell one binary problem) from the sorted columns, exactly: the count of
 * (positive, negative) pairs ordered right, ties half, over the count of pairs.
 *
 * Cells are bucketed by the top 16 bits of their key (histograms made while the columns were
 * split). Pairs in different buckets are ordered by the buckets: Σ positives × negatives in lower
 * buckets. Only buckets holding both classes need their cells: those are copied, as the low 16
 * bits with the class in bit 0, into one array grouped by bucket (each column is sorted, so the
 * copies run through the buckets in order), and each group is sorted on its own — small, in
 * cache — and scanned for the pairs inside it.
 */
export function microAuc(c: SortedColumns): { auc: number | null; pos: number } {
  const { histNeg, histPos, keys, nRows: R, nLabels: L } = c;
  const cursor = new Int32Array(65536).fill(-1);
  let pairsAcross = 0;
  let negBelow = 0;
  let pos = 0;
  let mixed = 0;
  let largest = 0;
  for (let b = 0; b < 65536; b++) {
    const p = histPos[b];
    const n = histNeg[b];
    pairsAcross += p * negBelow;
    negBelow += n;
    pos += p;
    if (p > 0 && n > 0) {
      cursor[b] = mixed;
      mixed += p + n;
      largest = Math.max(largest, p + n);
    }
  }
  const neg = negBelow;
  if (pos === 0 || neg === 0) return { auc: null, pos };
  const cells = new Uint32Array(mixed);
  for (let l = 0; l < L; l++) {
    const n1 = l * R + c.neg[l];
    for (let k = l * R; k < (l + 1) * R; k++) {
      const key = keys[k];
      const at = cursor[key >>> 16];
      if (at < 0) continue;
      cells[at] = ((key & 0xffff) << 1) | (k >= n1 ? 1 : 0);
      cursor[key >>> 16] = at + 1;
    }
  }
  // Each mixed bucket's cursor now points at its end; its start is the end minus its size.
  const scratch = new Uint32Array(largest);
  let pairsWithin = 0;
  for (let b = 0; b < 65536; b++) {
    if (cursor[b] < 0) continue;
    const to = cursor[b];
    const from = to - histPos[b] - histNeg[b];
    sortKeys(cells, from, to, scratch);
    let below = 0;
    for (let k = from; k < to; ) {
      const v = cells[k] >>> 1;
      let dp = 0;
      let dn = 0;
      for (; k < to && cells[k] >>> 1 === v; k++) {
        if (cells[k] & 1) dp++;
        else dn++;
      }
      pairsWithin += dp * below + 0.5 * dp * dn;
      below += dn;
    }
  }
  return { auc: (pairsAcross + pairsWithin) / (pos * neg), pos };
}
