import type { Truth } from './types.js';

/**
 * Row-major logits regrouped by label and class, a block of labels at a time: in the block's
 * buffer, label b's cells sit at [b·R, (b+1)·R), its negatives first (neg[b] of them), then its
 * positives. Every ranking count then reads contiguous runs instead of striding through the
 * matrix. The rows are read a few cache lines at a time and the block (BLOCK·R values, one
 * reused buffer) stays in cache while it is written and counted: a whole R·L copy would cost a
 * page fault per 4 KB on every call, more than the regrouping itself.
 */
export interface LabelBlock {
  /** First label of the block and how many labels it holds. */
  first: number;
  width: number;
  values: Float32Array;
  neg: Uint32Array;
}

export const BLOCK = 64;

/** Calls visit(block) for labels [0, BLOCK), [BLOCK, 2·BLOCK), …; the block's buffers are reused. */
export function forEachLabelBlock(t: Truth, logits: Float32Array, visit: (b: LabelBlock) => void): void {
  const { nRows: R, nLabels: L, yTrue } = t;
  const values = new Float32Array(Math.min(BLOCK, L) * R);
  const neg = new Uint32Array(BLOCK);
  const negAt = new Uint32Array(BLOCK);
  const posAt = new Uint32Array(BLOCK);
  for (let l0 = 0; l0 < L; l0 += BLOCK) {
    const width = Math.min(BLOCK, L - l0);
    for (let b = 0; b < width; b++) {
      negAt[b] = b * R;
      posAt[b] = (b + 1) * R;
    }
    // Negatives from the column's start, positives from its end (in reverse row order: the
    // counts that read them do not care), so one pass places every cell.
    for (let r = 0; r < R; r++) {
      const i0 = r * L + l0;
      for (let b = 0; b < width; b++) {
        if (yTrue[i0 + b]) values[--posAt[b]] = logits[i0 + b];
        else values[negAt[b]++] = logits[i0 + b];
      }
    }
    for (let b = 0; b < width; b++) neg[b] = negAt[b] - b * R;
    visit({ first: l0, width, values, neg });
  }
}
