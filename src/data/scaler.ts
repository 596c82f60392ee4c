import { DataError, type Dataset } from './dataset.js';

/**
 * Standardisation parameters: x' = (x − mean) / std per feature. A plain JSON-serialisable
 * object, fitted on the training rows only and saved with the model so that evaluation and
 * prediction scale new rows exactly as training did.
 */
export interface Scaler {
  kind: 'standard';
  mean: number[];
  /** Population standard deviation; 1 where a feature is constant (so it maps to 0, not NaN). */
  std: number[];
  featureNames: string[];
}

export function fitScaler(ds: Dataset): Scaler {
  const { nRows: n, nFeatures: F, x } = ds;
  if (n === 0) throw new DataError(`${ds.source}: cannot fit a scaler on 0 rows`);
  const sum = new Float64Array(F);
  for (let i = 0; i < n; i++) {
    const o = i * F;
    for (let j = 0; j < F; j++) sum[j] += x[o + j];
  }
  const mean = Array.from(sum, (s) => s / n);
  // Two passes: the one-pass formula loses precision on features with a large mean.
  const ss = new Float64Array(F);
  for (let i = 0; i < n; i++) {
    const o = i * F;
    for (let j = 0; j < F; j++) {
      const d = x[o + j] - mean[j];
      ss[j] += d * d;
    }
  }
  const std = Array.from(ss, (s) => {
    const sd = Math.sqrt(s / n);
    return sd > 1e-12 && Number.isFinite(sd) ? sd : 1;
  });
  return { kind: 'standard', mean, std, featureNames: [...ds.featureNames] };
}

/** A new Dataset with scaled features (labels and names shared, not copied). */
export function applyScaler(scaler: Scaler, ds: Dataset): Dataset {
  const F = ds.nFeatures;
  if (scaler.mean.length !== F || scaler.std.length !== F) {
    throw new DataError(
      `${ds.source}: has ${F} features but the scaler was fitted on ${scaler.mean.length}: not the same kind of data`,
    );
  }
  const mean = Float64Array.from(scaler.mean);
  const inv = Float64Array.from(scaler.std, (s) => 1 / s);
  const x = new Float32Array(ds.x.length);
  for (let i = 0; i < ds.nRows; i++) {
    const o = i * F;
    for (let j = 0; j < F; j++) x[o + j] = (ds.x[o + j] - mean[j]) * inv[j];
  }
  return { ...ds, x };
}

/** A scaler read back from a model file, checked so a damaged file fails here, not as NaNs later. */
export function parseScaler(json: unknown, where = 'scaler'): Scaler {
  const o = json as Partial<Scaler> | null;
  const nums = (a: unknown): a is number[] =>
    Array.isArray(a) && a.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (
    o === null ||
    typeof o !== 'object' ||
    o.kind !== 'standard' ||
    !nums(o.mean) ||
    !nums(o.std) ||
    o.mean.length !== o.std.length ||
    o.std.some((s) => s <= 0) ||
    !Array.isArray(o.featureNames) ||
    o.featureNames.length !== o.mean.length
  ) {
    throw new DataError(
      `${where}: not a valid scaler (expected kind 'standard' with finite mean/std per feature)`,
    );
  }
  return { kind: 'standard', mean: o.mean, std: o.std, featureNames: o.featureNames.map(String) };
}
