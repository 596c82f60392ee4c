/**
 * Ascending in-place sort of float64 scores, faster than TypedArray#sort for the sizes metrics
 * see (V8 spends ~100 ns per element there; a 21,519×22 report sorts ~1M scores). Small arrays
 * use insertion sort; large ones an LSD radix sort on the IEEE-754 bits (6 passes of 11 bits,
 * skipping passes where every key has the same digit). Scores must not be NaN.
 */
export function sortScores(a: Float64Array): Float64Array {
  if (a.length <= 32) return insertionSort(a, a.length);
  if (a.length < 512) return a.sort();
  return radixSort(a);
}

/** Insertion sort of a[0..n): the fastest choice for one row's handful of labels. */
export function insertionSort(a: Float64Array, n: number): Float64Array {
  for (let i = 1; i < n; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
  return a;
}

const BITS = 11;
const SIZE = 1 << BITS;
const MASK = SIZE - 1;

function radixSort(a: Float64Array): Float64Array {
  const n = a.length;
  // Little-endian view: element k is (lo = w[2k], hi = w[2k + 1]).
  let src: Uint32Array = new Uint32Array(a.buffer, a.byteOffset, 2 * n);
  const words = src;
  let dst: Uint32Array = new Uint32Array(2 * n);
  // Map doubles to unsigned keys in the same order: flip every bit of negatives, the sign of the rest.
  for (let k = 0; k < 2 * n; k += 2) {
    if (src[k + 1] & 0x80000000) {
      src[k] = ~src[k];
      src[k + 1] = ~src[k + 1];
    } else src[k + 1] ^= 0x80000000;
  }
  const counts = new Uint32Array(6 * SIZE);
  for (let k = 0; k < 2 * n; k += 2) {
    const lo = src[k];
    const hi = src[k + 1];
    counts[lo & MASK]++;
    counts[SIZE + ((lo >>> 11) & MASK)]++;
    counts[2 * SIZE + (lo >>> 22)]++;
    counts[3 * SIZE + (hi & MASK)]++;
    counts[4 * SIZE + ((hi >>> 11) & MASK)]++;
    counts[5 * SIZE + (hi >>> 22)]++;
  }
  for (let pass = 0; pass < 6; pass++) {
    const base = pass * SIZE;
    if (toOffsets(counts, base, SIZE, n)) continue;
    const word = pass < 3 ? 0 : 1;
    const shift = (pass % 3) * BITS;
    for (let k = 0; k < 2 * n; k += 2) {
      const d = (src[k + word] >>> shift) & MASK;
      const at = 2 * counts[base + d]++;
      dst[at] = src[k];
      dst[at + 1] = src[k + 1];
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== words) words.set(src);
  for (let k = 0; k < 2 * n; k += 2) {
    if (words[k + 1] & 0x80000000) words[k + 1] ^= 0x80000000;
    else {
      words[k] = ~words[k];
      words[k + 1] = ~words[k + 1];
    }
  }
  return a;
}

/**
 * Turns the digit counts counts[base..base+size) of one radix pass into start offsets, in place.
 * Returns true when one digit holds all n keys: the pass would not move anything, skip it.
 */
export function toOffsets(counts: Uint32Array, base: number, size: number, n: number): boolean {
  let all = false;
  let sum = 0;
  for (let d = 0; d < size; d++) {
    const c = counts[base + d];
    if (c === n) all = true;
    counts[base + d] = sum;
    sum += c;
  }
  return all;
}

/** Sorts a[0..n) in place (rows reuse one buffer); insertion sort for short rows. */
export function sortPrefix(a: Float64Array, n: number): Float64Array {
  if (n <= 32) return insertionSort(a, n);
  sortScores(a.subarray(0, n));
  return a;
}
