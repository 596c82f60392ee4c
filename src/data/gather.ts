import type { Dataset, FeatureTransform } from './dataset.js';

/**
 * Rows `idx` of `ds` (indices into the set, not the store), densified and scaled into `out`
 * from `offset`: row r lands at out[offset + r * nFeatures …]. `out` is the caller's
 * preallocated batch buffer; nothing is allocated here except, once per transform, the
 * scaled value of 0 for sparse rows.
 */
export function gatherRows(ds: Dataset, idx: ArrayLike<number>, out: Float32Array, offset = 0): void {
  const F = ds.nFeatures;
  if (offset + idx.length * F > out.length) {
    throw new RangeError(`gatherRows: ${idx.length} rows of ${F} do not fit in ${out.length - offset}`);
  }
  const { store, rows, transform: t } = ds;
  if (store.kind === 'dense') {
    const x = t === null ? store.values : (scaledStore(store.values, t, F) ?? store.values);
    const scale = x === store.values && t !== null ? t : null;
    for (let r = 0; r < idx.length; r++) {
      const b = (rows === null ? idx[r] : rows[idx[r]]) * F;
      const o = offset + r * F;
      if (scale === null) out.set(x.subarray(b, b + F), o);
      else {
        const { shift, inverse } = scale;
        for (let j = 0; j < F; j++) out[o + j] = (x[b + j] - shift[j]) * inverse[j];
      }
    }
    return;
  }
  const { rowStart, cols, values } = store;
  const zero = t === null ? null : scaledZeros(t, F);
  for (let r = 0; r < idx.length; r++) {
    const s = rows === null ? idx[r] : rows[idx[r]];
    const o = offset + r * F;
    if (zero === null) out.fill(0, o, o + F);
    else out.set(zero, o);
    const end = rowStart[s + 1];
    if (t === null) for (let k = rowStart[s]; k < end; k++) out[o + cols[k]] = values[k];
    else {
      const { shift, inverse } = t;
      for (let k = rowStart[s]; k < end; k++) {
        const j = cols[k];
        out[o + j] = (values[k] - shift[j]) * inverse[j];
      }
    }
  }
}

/** Rows [start, start + count) of the set into `out` (a chunk for inference). */
export function gatherRange(ds: Dataset, start: number, count: number, out: Float32Array): void {
  const idx = new Uint32Array(count);
  for (let r = 0; r < count; r++) idx[r] = start + r;
  gatherRows(ds, idx, out);
}

/** Labels of rows `idx` as 0/1 floats into `out` (the loss wants float32 targets). */
export function gatherLabels(ds: Dataset, idx: ArrayLike<number>, out: Float32Array, offset = 0): void {
  const L = ds.nLabels;
  const y = ds.y;
  // A row's labels converted by one native set() beat the loop from ~40 labels on (374 labels:
  // 9 against 55 µs per batch of 128); below that the subarray per row costs more than it saves.
  if (L >= 40) {
    for (let r = 0; r < idx.length; r++) out.set(y.subarray(idx[r] * L, idx[r] * L + L), offset + r * L);
    return;
  }
  for (let r = 0; r < idx.length; r++) {
    const b = idx[r] * L;
    const o = offset + r * L;
    for (let k = 0; k < L; k++) out[o + k] = y[b + k];
  }
}

/** Every row, dense and scaled: for small sets and tests; large consumers gather in chunks. */
export function denseFeatures(ds: Dataset): Float32Array {
  const out = new Float32Array(ds.nRows * ds.nFeatures);
  const chunk = 4096;
  const idx = new Uint32Array(chunk);
  for (let s = 0; s < ds.nRows; s += chunk) {
    const n = Math.min(chunk, ds.nRows - s);
    for (let r = 0; r < n; r++) idx[r] = s + r;
    gatherRows(ds, idx.subarray(0, n), out, s * ds.nFeatures);
  }
  return out;
}

const zeroCache = new WeakMap<FeatureTransform, Float32Array>();

/**
 * Up to this many values (64 MB) a dense store is scaled once, into a float32 copy kept while
 * the store and its transform live, and batches are row copies of it: scaling row by row every
 * epoch cost 60–100 µs of a 0.8 ms step (128 × 120 features, rows scattered in memory). Larger
 * stores are scaled as their rows are gathered, as before, so memory stays one copy.
 */
const SCALED_COPY_MAX = 1 << 24;
const scaledCopies = new WeakMap<Float32Array, { t: FeatureTransform; scaled: Float32Array }>();

/**
 * The store's values scaled by t ((x − shift)·inverse, the same float64 arithmetic as a row
 * gathered), or null when too large. One copy per store: the train and validation views of a
 * set carry equal transforms (separate objects) over the same store.
 */
function scaledStore(values: Float32Array, t: FeatureTransform, F: number): Float32Array | null {
  if (values.length > SCALED_COPY_MAX) return null;
  const kept = scaledCopies.get(values);
  if (kept && (kept.t === t || sameTransform(kept.t, t))) return kept.scaled;
  const scaled = new Float32Array(values.length);
  const { shift, inverse } = t;
  for (let b = 0; b < values.length; b += F)
    for (let j = 0; j < F; j++) scaled[b + j] = (values[b + j] - shift[j]) * inverse[j];
  scaledCopies.set(values, { t, scaled });
  return scaled;
}

function sameTransform(a: FeatureTransform, b: FeatureTransform): boolean {
  if (a.shift.length !== b.shift.length) return false;
  for (let j = 0; j < a.shift.length; j++)
    if (!Object.is(a.shift[j], b.shift[j]) || !Object.is(a.inverse[j], b.inverse[j])) return false;
  return true;
}

/** (0 − shift) / scale per feature: what an absent sparse entry becomes after scaling. */
function scaledZeros(t: FeatureTransform, F: number): Float32Array {
  let z = zeroCache.get(t);
  if (!z) {
    z = new Float32Array(F);
    for (let j = 0; j < F; j++) z[j] = (0 - t.shift[j]) * t.inverse[j];
    zeroCache.set(t, z);
  }
  return z;
}
