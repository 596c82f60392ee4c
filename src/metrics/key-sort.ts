/**
 * Sorting float32 scores as unsigned 32-bit keys: the cheap exact sort behind the per-epoch
 * ROC AUCs (rank-index.ts sorts the smaller class of a label with it). A key preserves the
 * order of the floats (negatives bit-flipped, positives with the sign bit set), so equal keys
 * are equal scores and a radix sort on integers sorts the scores.
 */

/** The order key of a float32 given by its bits; -0 gets +0's key (they are equal scores). NaN is not ordered. */
export function orderKey(bits: number): number {
  if (bits === 0x80000000) return 0x80000000;
  return bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
}

/** Below this many keys an insertion sort beats the radix sort's fixed cost. */
const SMALL = 48;
const counts = new Uint32Array(4 * 256);

/**
 * Sorts a[from, to) ascending in place: insertion sort when short, else an LSD radix sort on
 * bytes (one counting pass for all four digits; a digit every key shares is skipped, so keys
 * below 2^17 take two passes). `scratch` must hold to − from values.
 */
export function sortKeys(a: Uint32Array, from: number, to: number, scratch: Uint32Array): void {
  const n = to - from;
  if (n <= SMALL) {
    for (let i = from + 1; i < to; i++) {
      const v = a[i];
      let j = i - 1;
      while (j >= from && a[j] > v) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = v;
    }
    return;
  }
  counts.fill(0);
  for (let i = from; i < to; i++) {
    const k = a[i];
    counts[k & 255]++;
    counts[256 + ((k >>> 8) & 255)]++;
    counts[512 + ((k >>> 16) & 255)]++;
    counts[768 + (k >>> 24)]++;
  }
  let src = a;
  let srcAt = from;
  let dst = scratch;
  let dstAt = 0;
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 256;
    let sum = 0;
    let constant = false;
    for (let d = 0; d < 256; d++) {
      const c = counts[base + d];
      if (c === n) constant = true;
      counts[base + d] = sum;
      sum += c;
    }
    if (constant) continue;
    const shift = pass * 8;
    for (let i = srcAt; i < srcAt + n; i++) {
      const k = src[i];
      dst[dstAt + counts[base + ((k >>> shift) & 255)]++] = k;
    }
    [src, dst] = [dst, src];
    [srcAt, dstAt] = [dstAt, srcAt];
  }
  if (src !== a) a.set(src.subarray(srcAt, srcAt + n), from);
}
