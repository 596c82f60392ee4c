import { UserError } from '../errors.js';

/**
 * Features as loaded, never copied afterwards: splits are index views over it and scaling is
 * applied when rows are gathered (gather.ts), so a sparse file stays sparse end to end.
 *
 * - dense: row-major, `values[r * nFeatures + j]` is feature j of stored row r;
 * - csr: compressed sparse rows: stored row r holds `cols[k]`/`values[k]` for
 *   `k` in [rowStart[r], rowStart[r+1]), columns ascending and distinct; every other value is 0.
 *   A missing value (impute 'keep') is an explicit NaN entry.
 */
export type FeatureStore =
  | { readonly kind: 'dense'; readonly values: Float32Array }
  | {
      readonly kind: 'csr';
      readonly rowStart: Float64Array;
      readonly cols: Uint32Array;
      readonly values: Float32Array;
    };

/** Per-feature x' = (x − shift) / scale, applied on gather; `inverse` = 1 / scale. */
export interface FeatureTransform {
  readonly shift: Float64Array;
  readonly inverse: Float64Array;
}

/**
 * The one shape every loader returns and every consumer reads. Features are read only through
 * `gatherRows` (gather.ts), which densifies the asked rows into a caller's Float32Array;
 * `y[i * nLabels + k]` is 1 when row i has label k (labels are this set's own rows, dense).
 */
export interface Dataset {
  readonly store: FeatureStore;
  /** Row i of this set is stored row `rows[i]`; null: stored rows in order, all of them. */
  readonly rows: Uint32Array | null;
  /** Scaling applied when rows are gathered; null: values as stored. */
  readonly transform: FeatureTransform | null;
  readonly y: Uint8Array;
  readonly nRows: number;
  readonly nFeatures: number;
  readonly nLabels: number;
  readonly featureNames: readonly string[];
  readonly labelNames: readonly string[];
  /** Where the rows came from: a file path or a generator description. */
  readonly source: string;
  /** Things the reader noticed that the user may want to act on (an ID-like attribute). */
  readonly notes?: readonly string[];
}

/** A dataset over a dense row-major matrix (what generators and small callers have). */
export function denseDataset(
  x: Float32Array,
  y: Uint8Array,
  shape: {
    nRows: number;
    featureNames: readonly string[];
    labelNames: readonly string[];
    source: string;
  },
): Dataset {
  const nFeatures = shape.featureNames.length;
  const nLabels = shape.labelNames.length;
  if (x.length !== shape.nRows * nFeatures || y.length !== shape.nRows * nLabels) {
    throw new Error(`dense dataset: x has ${x.length} values, y ${y.length}, for ${shape.nRows} rows`);
  }
  return {
    store: { kind: 'dense', values: x },
    rows: null,
    transform: null,
    y,
    nRows: shape.nRows,
    nFeatures,
    nLabels,
    featureNames: shape.featureNames,
    labelNames: shape.labelNames,
    source: shape.source,
  };
}

/**
 * Rows `idx` of `ds` as a view: the features are shared (no copy), the labels of those rows are
 * copied (nRows × nLabels bytes; metrics read them directly).
 */
export function subset(ds: Dataset, idx: ArrayLike<number>, source = ds.source): Dataset {
  const n = idx.length;
  const L = ds.nLabels;
  const rows = new Uint32Array(n);
  const y = new Uint8Array(n * L);
  for (let r = 0; r < n; r++) {
    const i = idx[r];
    if (!(i >= 0 && i < ds.nRows)) throw new RangeError(`subset: row ${i} of ${ds.nRows}`);
    rows[r] = ds.rows === null ? i : ds.rows[i];
    y.set(ds.y.subarray(i * L, (i + 1) * L), r * L);
  }
  return { ...ds, rows, y, nRows: n, source };
}

/** The stored row behind row i of the set. */
export function storedRow(ds: Dataset, i: number): number {
  return ds.rows === null ? i : ds.rows[i];
}

/** Bytes held by the feature store (shared by every view of it). */
export function storeBytes(store: FeatureStore): number {
  return store.kind === 'dense'
    ? store.values.byteLength
    : store.rowStart.byteLength + store.cols.byteLength + store.values.byteLength;
}

/** A user mistake in input data: printed as one line, never with a stack trace. */
export class DataError extends UserError {
  readonly userFacing = true;
  override name = 'DataError';
}
