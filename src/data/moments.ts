import type { Dataset } from './dataset.js';

/** Per-feature statistics of a set's rows as stored (no transform), in float64. */
export interface ColumnMoments {
  mean: Float64Array;
  /** Population standard deviation (two passes: the one-pass formula loses precision). */
  std: Float64Array;
  /** How many of the rows hold exactly 0. */
  zeros: Float64Array;
  /** 1 where every value is 0 or 1. */
  binary: Uint8Array;
}

export function columnMoments(ds: Dataset): ColumnMoments {
  const { nRows: n, nFeatures: F, store, rows } = ds;
  const sum = new Float64Array(F);
  const ss = new Float64Array(F);
  const zeros = new Float64Array(F);
  const binary = new Uint8Array(F).fill(1);
  if (store.kind === 'dense') {
    const x = store.values;
    for (let i = 0; i < n; i++) {
      const o = (rows === null ? i : rows[i]) * F;
      for (let j = 0; j < F; j++) sum[j] += x[o + j];
    }
    const mean = sum.map((s) => s / n);
    for (let i = 0; i < n; i++) {
      const o = (rows === null ? i : rows[i]) * F;
      for (let j = 0; j < F; j++) {
        const v = x[o + j];
        const d = v - mean[j];
        ss[j] += d * d;
        if (v === 0) zeros[j]++;
        else if (v !== 1) binary[j] = 0;
      }
    }
    return { mean, std: ss.map((s) => Math.sqrt(s / n)), zeros, binary };
  }
  const { rowStart, cols, values } = store;
  const present = new Float64Array(F);
  for (let i = 0; i < n; i++) {
    const s = rows === null ? i : rows[i];
    for (let k = rowStart[s]; k < rowStart[s + 1]; k++) {
      const j = cols[k];
      const v = values[k];
      sum[j] += v;
      present[j]++;
      if (v === 0) zeros[j]++;
      else if (v !== 1) binary[j] = 0;
    }
  }
  const mean = sum.map((s) => s / n);
  for (let i = 0; i < n; i++) {
    const s = rows === null ? i : rows[i];
    for (let k = rowStart[s]; k < rowStart[s + 1]; k++) {
      const d = values[k] - mean[cols[k]];
      ss[cols[k]] += d * d;
    }
  }
  for (let j = 0; j < F; j++) {
    const absent = n - present[j];
    ss[j] += absent * mean[j] * mean[j];
    zeros[j] += absent;
  }
  return { mean, std: ss.map((s) => Math.sqrt(s / n)), zeros, binary };
}

/** Per-feature mean over the present (non-NaN) values of the set's rows; 0 for a feature with none. */
export function presentMeans(ds: Dataset): number[] {
  const { nRows: n, nFeatures: F, store, rows } = ds;
  const sum = new Float64Array(F);
  const count = new Float64Array(F);
  if (store.kind === 'dense') {
    const x = store.values;
    for (let i = 0; i < n; i++) {
      const o = (rows === null ? i : rows[i]) * F;
      for (let j = 0; j < F; j++) {
        const v = x[o + j];
        if (!Number.isNaN(v)) {
          sum[j] += v;
          count[j]++;
        }
      }
    }
  } else {
    const { rowStart, cols, values } = store;
    count.fill(n);
    for (let i = 0; i < n; i++) {
      const s = rows === null ? i : rows[i];
      for (let k = rowStart[s]; k < rowStart[s + 1]; k++) {
        if (Number.isNaN(values[k])) count[cols[k]]--;
        else sum[cols[k]] += values[k];
      }
    }
  }
  return Array.from(sum, (s, j) => (count[j] > 0 ? s / count[j] : 0));
}

/**
 * Fills every missing value (NaN) in the set's stored rows with its feature's value, in place
 * (views of one store share the filling); returns how many were filled.
 */
export function fillMissing(ds: Dataset, values: readonly number[]): number {
  const { nRows: n, nFeatures: F, store, rows } = ds;
  let filled = 0;
  if (store.kind === 'dense') {
    const x = store.values;
    for (let i = 0; i < n; i++) {
      const o = (rows === null ? i : rows[i]) * F;
      for (let j = 0; j < F; j++) {
        if (Number.isNaN(x[o + j])) {
          x[o + j] = values[j];
          filled++;
        }
      }
    }
    return filled;
  }
  const { rowStart, cols, values: v } = store;
  for (let i = 0; i < n; i++) {
    const s = rows === null ? i : rows[i];
    for (let k = rowStart[s]; k < rowStart[s + 1]; k++) {
      if (Number.isNaN(v[k])) {
        v[k] = values[cols[k]];
        filled++;
      }
    }
  }
  return filled;
}
