import { DataError, type Dataset } from './dataset.js';
import { columnMoments } from './moments.js';

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
  if (ds.nRows === 0) throw new DataError(`${ds.source}: cannot fit a scaler on 0 rows`);
  if (ds.transform !== null) throw new Error('fitScaler: the data set is already scaled');
  const { mean, std } = columnMoments(ds);
  return {
    kind: 'standard',
    mean: Array.from(mean),
    std: Array.from(std, (sd) => (sd > 1e-12 && Number.isFinite(sd) ? sd : 1)),
    featureNames: [...ds.featureNames],
  };
}

/** The same rows, scaled when gathered (labels, names and stored features shared, not copied). */
export function applyScaler(scaler: Scaler, ds: Dataset): Dataset {
  const F = ds.nFeatures;
  if (scaler.mean.length !== F || scaler.std.length !== F) {
    throw new DataError(
      `${ds.source}: has ${F} features but the scaler was fitted on ${scaler.mean.length}: not the same kind of data`,
    );
  }
  if (ds.transform !== null) throw new Error('applyScaler: the data set is already scaled');
  return {
    ...ds,
    transform: {
      shift: Float64Array.from(scaler.mean),
      inverse: Float64Array.from(scaler.std, (s) => 1 / s),
    },
  };
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

/**
 * The scaler as one affine map per feature, x' = (x − shift) / scale: the form an exported
 * model computes in its graph (src/export). Every scaler kind must be expressible this way.
 */
export function scalerAffine(s: Scaler): { shift: number[]; scale: number[] } {
  return { shift: s.mean, scale: s.std };
}
