import { DataError, type Dataset } from './dataset.js';
import { columnMoments } from './moments.js';

/**
 * Feature scaling as per-feature x' = (x − shift) / scale: a plain JSON-serialisable object, fitted
 * on the training rows only, saved with the model (trainscope.json) so that evaluation and
 * prediction scale new rows exactly as training did, and so an exported model can fold it into
 * its first layer. Chosen per feature, automatically:
 *   - standardised (shift = mean, scale = std) — a dense feature;
 *   - scaled without centring (shift = 0, scale = std) — a feature that is binary (only 0 and 1)
 *     or sparse (at least half of its training values are 0). Zeros stay zeros, so sparse data
 *     stays sparse; the second moment stays about 1 (E[x'²] = 1 + mean²/var), as the network's
 *     initialisation expects. This is scikit-learn's StandardScaler(with_mean=False) for them.
 * `scale` is the population standard deviation, 1 where a feature is constant.
 */
export interface Scaler {
  kind: 'affine';
  shift: number[];
  scale: number[];
  /** Indices of the features scaled without centring (shift 0), and why. */
  uncentred: number[];
  rule: string;
  featureNames: string[];
}

export const ZERO_PRESERVING_RULE =
  'features that are binary or at least half zeros in the training rows are scaled without centring (shift 0, scale = std); the others are standardised';

/** Share of zeros from which a feature counts as sparse. */
const SPARSE_ZEROS = 0.5;

export function fitScaler(ds: Dataset): Scaler {
  if (ds.nRows === 0) throw new DataError(`${ds.source}: cannot fit a scaler on 0 rows`);
  if (ds.transform !== null) throw new Error('fitScaler: the data set is already scaled');
  const { mean, std, zeros, binary } = columnMoments(ds);
  const shift: number[] = [];
  const scale: number[] = [];
  const uncentred: number[] = [];
  for (let j = 0; j < ds.nFeatures; j++) {
    const keepZeros = binary[j] === 1 || zeros[j] >= SPARSE_ZEROS * ds.nRows;
    if (keepZeros) uncentred.push(j);
    shift.push(keepZeros ? 0 : mean[j]);
    scale.push(std[j] > 1e-12 && Number.isFinite(std[j]) ? std[j] : 1);
  }
  return {
    kind: 'affine',
    shift,
    scale,
    uncentred,
    rule: ZERO_PRESERVING_RULE,
    featureNames: [...ds.featureNames],
  };
}

/** The same rows, scaled when gathered (labels, names and stored features shared, not copied). */
export function applyScaler(saved: Scaler | LegacyScaler, ds: Dataset): Dataset {
  const scaler = parseScaler(saved);
  const F = ds.nFeatures;
  if (scaler.shift.length !== F) {
    throw new DataError(
      `${ds.source}: has ${F} features but the scaler was fitted on ${scaler.shift.length}: not the same kind of data`,
    );
  }
  if (ds.transform !== null) throw new Error('applyScaler: the data set is already scaled');
  return {
    ...ds,
    transform: {
      shift: Float64Array.from(scaler.shift),
      inverse: Float64Array.from(scaler.scale, (s) => 1 / s),
    },
  };
}

/** What runs trained before zero-preserving scaling saved: every feature standardised. */
export interface LegacyScaler {
  kind: 'standard';
  mean: number[];
  std: number[];
  featureNames: string[];
}

/**
 * A scaler read back from a model file (either shape), checked so a damaged file fails here, not
 * as NaNs later. Exporters fold `shift` and `scale` into the model's input.
 */
export function parseScaler(json: unknown, where = 'scaler'): Scaler {
  const o = json as Partial<Scaler> & Partial<LegacyScaler>;
  const nums = (a: unknown): a is number[] =>
    Array.isArray(a) && a.every((v) => typeof v === 'number' && Number.isFinite(v));
  const legacy = o !== null && typeof o === 'object' && o.kind === 'standard';
  const shift = legacy ? o.mean : o?.shift;
  const scale = legacy ? o.std : o?.scale;
  const uncentred = legacy ? [] : o?.uncentred;
  if (
    o === null ||
    typeof o !== 'object' ||
    (o.kind !== 'affine' && !legacy) ||
    !nums(shift) ||
    !nums(scale) ||
    shift.length !== scale.length ||
    scale.some((s) => s <= 0) ||
    !nums(uncentred) ||
    uncentred.some((j) => !Number.isInteger(j) || j < 0 || j >= shift.length || shift[j] !== 0) ||
    !Array.isArray(o.featureNames) ||
    o.featureNames.length !== shift.length
  ) {
    throw new DataError(
      `${where}: not a valid scaler (expected kind 'affine' with finite shift and positive scale per feature)`,
    );
  }
  return {
    kind: 'affine',
    shift,
    scale,
    uncentred,
    rule: legacy ? 'every feature standardised' : String(o.rule ?? ZERO_PRESERVING_RULE),
    featureNames: o.featureNames.map(String),
  };
}

/**
 * The scaler as one affine map per feature, x' = (x − shift) / scale: the form an exported model
 * computes in its graph. Every scaler (either saved shape) is expressible this way.
 */
export function scalerAffine(s: Scaler | LegacyScaler): { shift: number[]; scale: number[] } {
  const p = parseScaler(s);
  return { shift: p.shift, scale: p.scale };
}
