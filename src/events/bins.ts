/**
 * Binning values into a Histogram the way TensorBoard's TF2 writer does (summary_v2): a fixed
 * number of equal-width buckets between the min and max of the data. Non-finite values are not
 * binned (they would stretch or poison the range); they are counted in nanCount / infCount.
 */
import type { Histogram } from './types.js';

export const DEFAULT_BUCKET_COUNT = 30;

export function binValues(values: ArrayLike<number>, bucketCount: number = DEFAULT_BUCKET_COUNT): Histogram {
  if (!(bucketCount >= 1) || !Number.isInteger(bucketCount)) {
    throw new RangeError(`bucketCount must be a positive integer, got ${bucketCount}`);
  }
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let num = 0;
  let sum = 0;
  let sumSquares = 0;
  let nanCount = 0;
  let infCount = 0;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v)) {
      nanCount++;
      continue;
    }
    if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) {
      infCount++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    num++;
    sum += v;
    sumSquares += v * v;
  }
  const extra = { nanCount, infCount };
  if (num === 0) return { ...emptyHistogram(), ...extra };
  const counts = new Float64Array(bucketCount);
  const bucketLimits = new Float64Array(bucketCount);
  const range = max - min;
  if (range === 0) {
    // All values equal (zero-initialised biases): every limit sits at the value, all counts in
    // the first bucket, as TensorBoard's writer does for a singular range.
    bucketLimits.fill(min);
    counts[0] = num;
    return { min, max, num, sum, sumSquares, bucketLimits, counts, ...extra };
  }
  const width = range / bucketCount;
  const last = bucketCount - 1;
  // Hot path for probes (≈ 1M values per epoch): integer counts, a multiply instead of a divide,
  // and no finiteness test when the first pass found no NaN or Inf.
  const tally = new Int32Array(bucketCount);
  const inv = bucketCount / range;
  if (nanCount + infCount === 0) {
    for (let i = 0; i < n; i++) {
      const k = ((values[i] - min) * inv) | 0;
      tally[Math.min(k, last)]++;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      const k = ((v - min) * inv) | 0;
      tally[Math.min(k, last)]++;
    }
  }
  for (let b = 0; b < bucketCount; b++) counts[b] = tally[b];
  for (let b = 0; b < last; b++) bucketLimits[b] = min + width * (b + 1);
  bucketLimits[last] = max;
  return { min, max, num, sum, sumSquares, bucketLimits, counts, ...extra };
}

/** A histogram of no values (no buckets). */
export function emptyHistogram(): Histogram {
  return {
    min: 0,
    max: 0,
    num: 0,
    sum: 0,
    sumSquares: 0,
    bucketLimits: new Float64Array(0),
    counts: new Float64Array(0),
  };
}
