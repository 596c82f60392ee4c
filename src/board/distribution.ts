/**
 * TensorBoard's distribution view: each histogram compressed to the values at fixed basis
 * points of its cumulative distribution (compress_histogram in TensorBoard's
 * plugins/distribution/compressor.py), interpolating linearly inside a bucket.
 */
import { DISTRIBUTION_BPS } from './api-types.js';

export function compressBuckets(
  left: ArrayLike<number>,
  right: ArrayLike<number>,
  count: ArrayLike<number>,
  bps: readonly number[] = DISTRIBUTION_BPS,
): number[] {
  const n = count.length;
  if (n === 0) return bps.map(() => 0);
  const minmin = left[0];
  const maxmax = right[n - 1];
  let total = 0;
  for (let i = 0; i < n; i++) total += count[i];
  const scale = bps[bps.length - 1] / (total || 1);
  const cum = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += count[i] * scale;
    cum[i] = acc;
  }
  const out: number[] = [];
  let b = 0;
  while (b < bps.length) {
    // first index whose cumulative weight exceeds the basis point (searchsorted side=right)
    let i = 0;
    while (i < n && cum[i] <= bps[b]) i++;
    let placed = false;
    for (; i < n; i++) {
      const hi = cum[i];
      const lo = i > 0 ? cum[i - 1] : 0;
      if (hi === lo) continue;
      const lhs = i === 0 || lo === 0 ? minmin : Math.max(right[i - 1], minmin);
      const rhs = Math.min(right[i], maxmax);
      out.push(lhs + ((bps[b] - lo) / (hi - lo)) * (rhs - lhs));
      placed = true;
      break;
    }
    if (!placed) break;
    b++;
  }
  while (out.length < bps.length) out.push(maxmax);
  return out;
}
