import type { Dataset } from './dataset.js';

/** Rows of a batch in CSR (row r: cols/values [rowStart[r], rowStart[r + 1])), batch-local. */
export interface CsrRows {
  rowStart: Int32Array;
  cols: Int32Array;
  values: Float32Array;
}

/**
 * Share of stored values that are non-zero entries (CSR sets only; null for a dense store):
 * what decides whether the sparse first layer pays.
 */
export function storedDensity(ds: Dataset): number | null {
  const s = ds.store;
  if (s.kind !== 'csr') return null;
  const stored = s.rowStart.length - 1;
  return stored > 0 && ds.nFeatures > 0 ? s.cols.length / (stored * ds.nFeatures) : 0;
}

/**
 * The scaled rows x' = (x − shift)·inverse of a CSR set as S + 1·offsetᵀ: S holds the stored
 * entries scaled (value·inverse), offset = −shift·inverse is what every row gets where it stores
 * nothing (0 for uncentred features, so zero-preserving scaling keeps rows sparse). null: no shift.
 */
export function sparseOffset(ds: Dataset): Float32Array | null {
  const t = ds.transform;
  if (t === null || t.shift.every((v) => v === 0)) return null;
  return Float32Array.from(t.shift, (s, j) => -s * t.inverse[j]);
}

/** Rows `idx` of a CSR set into `out` (grown when too small), scaled by `inverse` (no shift). */
export function gatherSparseRows(ds: Dataset, idx: ArrayLike<number>, out: CsrRows): CsrRows {
  const s = ds.store;
  if (s.kind !== 'csr') throw new Error('gatherSparseRows: the set is not stored sparse');
  const { rowStart, cols, values } = s;
  const inverse = ds.transform?.inverse ?? null;
  let nnz = 0;
  for (let r = 0; r < idx.length; r++) {
    const i = ds.rows === null ? idx[r] : ds.rows[idx[r]];
    nnz += rowStart[i + 1] - rowStart[i];
  }
  let o = out;
  if (o.rowStart.length < idx.length + 1 || o.cols.length < nnz) {
    const cap = Math.max(nnz, 2 * o.cols.length);
    o = {
      rowStart: new Int32Array(Math.max(idx.length + 1, o.rowStart.length)),
      cols: new Int32Array(cap),
      values: new Float32Array(cap),
    };
  }
  let k = 0;
  for (let r = 0; r < idx.length; r++) {
    const i = ds.rows === null ? idx[r] : ds.rows[idx[r]];
    o.rowStart[r] = k;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++, k++) {
      const j = cols[e];
      o.cols[k] = j;
      o.values[k] = inverse === null ? values[e] : values[e] * inverse[j];
    }
  }
  o.rowStart[idx.length] = k;
  return o;
}
