import type { Dataset } from '../data/dataset.js';
import { gatherLabels, gatherRows } from '../data/gather.js';
import type { SparseRows } from '../engine/types.js';
import { createRng, shuffle } from '../model/rng.js';
import { sparseBatches } from './sparse-batches.js';

/**
 * Mini-batches of the training rows in a seeded order per epoch: the order depends only on
 * (seed, epoch), so a run resumed at an epoch boundary sees exactly the batches the
 * uninterrupted run saw.
 */
export interface Batches {
  /** Rows per full batch (the last batch of an epoch may be smaller). */
  size: number;
  stepsPerEpoch: number;
  /**
   * Fill the buffers with batch `index` of epoch `epoch` (0-based both); the views are valid until
   * the next call. Mostly-zero data comes as `sparse` rows instead of dense `x` (for the engine's
   * sparse first layer; `x` is then empty).
   */
  take(epoch: number, index: number): { x: Float32Array; y: Float32Array; rows: number; sparse?: SparseRows };
}

export function createBatches(ds: Dataset, batchSize: number, seed: number): Batches {
  const size = Math.min(batchSize, ds.nRows);
  const stepsPerEpoch = Math.ceil(ds.nRows / size);
  const sparse = sparseBatches(ds);
  const xb = new Float32Array(sparse ? 0 : size * ds.nFeatures);
  const yb = new Float32Array(size * ds.nLabels);
  let order: Uint32Array | null = null;
  let orderEpoch = -1;
  return {
    size,
    stepsPerEpoch,
    take(epoch, index) {
      if (orderEpoch !== epoch) {
        order = shuffle(
          Uint32Array.from({ length: ds.nRows }, (_, i) => i),
          createRng(seed * 7919 + epoch + 1),
        );
        orderEpoch = epoch;
      }
      const start = index * size;
      const rows = Math.min(size, ds.nRows - start);
      const batch = order!.subarray(start, start + rows);
      gatherLabels(ds, batch, yb);
      if (sparse)
        return {
          x: xb,
          y: rows === size ? yb : yb.subarray(0, rows * ds.nLabels),
          rows,
          sparse: sparse(batch),
        };
      gatherRows(ds, batch, xb);
      return rows === size
        ? { x: xb, y: yb, rows }
        : { x: xb.subarray(0, rows * ds.nFeatures), y: yb.subarray(0, rows * ds.nLabels), rows };
    },
  };
}
