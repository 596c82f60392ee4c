import { orderKey, sortKeys } from './key-sort.js';

/**
 * The ranking half of ROC AUC without sorting both classes: only the smaller class is sorted,
 * and a uniform grid over its finite range answers "how many of them are below v, how many equal
 * to v" for each value of the larger class in O(1) expected. The grid cell of a value is
 * ⌊(v − lo)·G/(hi − lo)⌋ in float64 (0 … G), a non-decreasing function of v (IEEE rounding is monotone),
 * so every sorted value in a lower cell is < v and every one in a higher cell is > v: only the
 * few values in v's own cell are compared with v, exactly. A crowded cell is binary-searched, so
 * the worst case is a binary search per value. The counts are integers, exact in float64 (< 2^53).
 */
export interface RankIndex {
  /** The smaller class, ascending (-0 as +0: equal scores), then NaN at [n]. */
  sorted: Float32Array;
  n: number;
  /** Finite range of sorted (lo > hi when it holds no finite value). */
  lo: number;
  hi: number;
  scale: number;
  cells: number;
  /** start[g]: the first index whose grid cell is ≥ g (g = 0 … cells + 2). */
  start: Uint32Array;
  negInf: number;
  posInf: number;
}

/** Reusable buffers (sized for the largest class seen) so per-label indexes allocate nothing. */
export interface RankScratch {
  keys: Uint32Array;
  tmp: Uint32Array;
  start: Uint32Array;
}

export function rankScratch(n: number): RankScratch {
  return {
    keys: new Uint32Array(n + 1),
    tmp: new Uint32Array(n),
    start: new Uint32Array(CELLS_PER_VALUE * n + 4),
  };
}

/** Grid cells per sorted value: more cells, fewer values compared per query, more to build. */
const CELLS_PER_VALUE = 8;

/** An index over values[from, to) (no NaN), built in the scratch buffers (valid until they are reused). */
export function rankIndex(values: Float32Array, from: number, to: number, s: RankScratch): RankIndex {
  const n = to - from;
  const bits = new Uint32Array(values.buffer, values.byteOffset + 4 * from, n);
  const keys = s.keys;
  for (let i = 0; i < n; i++) keys[i] = orderKey(bits[i]);
  sortKeys(keys, 0, n, s.tmp);
  // Back from keys to float bits, in place: the sorted floats.
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    keys[i] = k >= 0x80000000 ? k - 0x80000000 : ~k >>> 0;
  }
  // One slot past the end holds NaN: the fast count reads it for queries above every value, and
  // NaN compares false with everything.
  keys[n] = 0x7fc00000;
  const sorted = new Float32Array(keys.buffer, 0, n + 1);
  let first = 0;
  while (first < n && sorted[first] === Number.NEGATIVE_INFINITY) first++;
  let end = n;
  while (end > first && sorted[end - 1] === Number.POSITIVE_INFINITY) end--;
  const lo = first < end ? sorted[first] : Number.POSITIVE_INFINITY;
  const hi = first < end ? sorted[end - 1] : Number.NEGATIVE_INFINITY;
  const cells = Math.max(1, CELLS_PER_VALUE * (end - first));
  // (hi − lo)·scale may round to `cells`: the top value's cell is then `cells` (the table has a
  // cell more), computed by the same expression as every query's.
  const scale = hi > lo ? cells / (hi - lo) : 0;
  const start = s.start;
  let i = first;
  for (let g = 0; g <= cells + 2; g++) {
    while (i < end && (((sorted[i] - lo) * scale) | 0) < g) i++;
    start[g] = i;
  }
  return { sorted, n, lo, hi, scale, cells, start, negInf: first, posInf: n - end };
}

/**
 * Over the values v in values[from, to): Σ #(indexed < v) and Σ #(indexed = v). With the
 * positives indexed and the negatives scanned, the ROC AUC's pair count is P·N − below − tied/2;
 * the other way round, below + tied/2.
 */
export function countBelow(
  ix: RankIndex,
  values: Float32Array,
  from: number,
  to: number,
): { below: number; tied: number } {
  if (ix.negInf === 0 && ix.posInf === 0 && ix.scale > 0) return countBelowFinite(ix, values, from, to);
  const { sorted, lo, hi, scale, start, negInf, posInf, n } = ix;
  let below = 0;
  let tied = 0;
  for (let k = from; k < to; k++) {
    const v = values[k];
    if (v < lo) {
      // below every finite indexed value: only -Infinity ones can be below or equal
      if (v === Number.NEGATIVE_INFINITY) tied += negInf;
      else below += negInf;
      continue;
    }
    if (v > hi) {
      below += n - posInf;
      if (v === Number.POSITIVE_INFINITY) tied += posInf;
      continue;
    }
    const g = ((v - lo) * scale) | 0;
    let a = start[g];
    const b = start[g + 1];
    if (b - a > 8) {
      // crowded cell: binary search for the first ≥ v, then the first > v
      const eq = firstAtLeast(sorted, v, a, b);
      below += eq;
      tied += firstAbove(sorted, v, eq, b) - eq;
      continue;
    }
    while (a < b && sorted[a] < v) a++;
    below += a;
    while (a < b && sorted[a] === v) {
      a++;
      tied++;
    }
  }
  return { below, tied };
}

/**
 * countBelow when every indexed value is finite and they are not all equal, without a
 * data-dependent branch for the common query (branch mispredictions, not memory, were its cost):
 * the cell index is clamped to [0, cells + 1] (queries outside the range land in an end cell,
 * ±Infinity included), and a cell holding at most one value is settled by comparing with
 * sorted[start[g]] whatever the cell holds — when the cell is empty that value lies in a higher
 * cell (or is the NaN past the end), so it is greater than the query and counts nothing.
 */
function countBelowFinite(
  ix: RankIndex,
  values: Float32Array,
  from: number,
  to: number,
): { below: number; tied: number } {
  const { sorted, lo, scale, start } = ix;
  const top = ix.cells + 1;
  let below = 0;
  let tied = 0;
  for (let k = from; k < to; k++) {
    const v = values[k];
    const g = Math.min(top, Math.max(0, (v - lo) * scale)) | 0;
    const a = start[g];
    const b = start[g + 1];
    if (b - a > 1) {
      // two or more values in the cell: the first ≥ v, then the first > v
      const eq = firstAtLeast(sorted, v, a, b);
      below += eq;
      tied += firstAbove(sorted, v, eq, b) - eq;
      continue;
    }
    const s = sorted[a];
    below += a + (s < v ? 1 : 0);
    tied += s === v ? 1 : 0;
  }
  return { below, tied };
}

/** The first index in sorted[a, b) holding a value ≥ v (b when none does). */
function firstAtLeast(sorted: Float32Array, v: number, a: number, b: number): number {
  let l = a;
  let h = b;
  while (l < h) {
    const m = (l + h) >>> 1;
    if (sorted[m] < v) l = m + 1;
    else h = m;
  }
  return l;
}

/** The first index in sorted[a, b) holding a value > v (b when none does). */
function firstAbove(sorted: Float32Array, v: number, a: number, b: number): number {
  let l = a;
  let h = b;
  while (l < h) {
    const m = (l + h) >>> 1;
    if (sorted[m] <= v) l = m + 1;
    else h = m;
  }
  return l;
}
