import { dataError } from './fail.js';

/** Where a value came from, for error messages. */
export interface Where {
  file: string;
  line: number;
  column: string;
}

/** A numeric feature value; rejects empty, non-numeric and non-finite text with file:line. */
export function parseNumber(tok: string, at: Where): number {
  const v = Number(tok);
  // Finite in float32 too: 1e39 is a double but becomes Infinity in the Float32Array.
  if (Number.isFinite(Math.fround(v)) && tok !== '') return v;
  if (tok === '') throw dataError(at.file, at.line, `empty value for '${at.column}'`);
  if (Number.isNaN(v) && !/^[+-]?(nan|inf(inity)?)$/i.test(tok)) {
    throw dataError(at.file, at.line, `non-numeric value '${tok}' for '${at.column}'`);
  }
  throw dataError(at.file, at.line, `non-finite value '${tok}' for '${at.column}' (features must be finite)`);
}

/** A label value: exactly 0 or 1 ("1.0" is accepted, "2", "yes" and "?" are not). */
export function parseLabel(tok: string, at: Where): 0 | 1 {
  if (tok === '1') return 1;
  if (tok === '0') return 0;
  if (tok === '?') {
    throw dataError(
      at.file,
      at.line,
      `missing value '?' for label '${at.column}' (labels cannot be imputed)`,
    );
  }
  const v = tok === '' ? Number.NaN : Number(tok);
  if (v === 0 || v === 1) return v;
  throw dataError(at.file, at.line, `label '${at.column}' has value '${tok}': labels must be 0 or 1`);
}

export function missingError(at: Where): Error {
  return dataError(
    at.file,
    at.line,
    `missing value '?' for '${at.column}' (use --impute mean to fill missing features with the column mean)`,
  );
}

/** Per-column mean over the present (non-NaN) values; 0 for a column with none. */
export function presentMeans(x: Float32Array, nRows: number, nFeatures: number): number[] {
  const sum = new Float64Array(nFeatures);
  const count = new Float64Array(nFeatures);
  for (let i = 0; i < nRows; i++) {
    const o = i * nFeatures;
    for (let j = 0; j < nFeatures; j++) {
      const v = x[o + j];
      if (!Number.isNaN(v)) {
        sum[j] += v;
        count[j]++;
      }
    }
  }
  return Array.from(sum, (s, j) => (count[j] > 0 ? s / count[j] : 0));
}

/** Fill every NaN (the loaders' marker for a missing feature) with its column's value; returns how many. */
export function fillMissing(x: Float32Array, nFeatures: number, values: readonly number[]): number {
  let filled = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i])) {
      x[i] = values[i % nFeatures];
      filled++;
    }
  }
  return filled;
}

/**
 * Mean imputation in place over this file's own present values. The trainer instead keeps the
 * markers (impute 'keep') and fills them with the training rows' means (src/train/prepare.ts).
 */
export function imputeMean(x: Float32Array, nRows: number, nFeatures: number): number {
  return fillMissing(x, nFeatures, presentMeans(x, nRows, nFeatures));
}
