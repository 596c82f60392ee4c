/**
 * The one shape every loader returns and every consumer reads: row-major typed arrays.
 * x[i * nFeatures + j] is feature j of row i; y[i * nLabels + k] is 1 when row i has label k.
 */
export interface Dataset {
  readonly x: Float32Array;
  readonly y: Uint8Array;
  readonly nRows: number;
  readonly nFeatures: number;
  readonly nLabels: number;
  readonly featureNames: readonly string[];
  readonly labelNames: readonly string[];
  /** Where the rows came from: a file path or a generator description. */
  readonly source: string;
}

/** Rows `idx` of `ds`, copied into a new Dataset. */
export function subset(ds: Dataset, idx: ArrayLike<number>, source = ds.source): Dataset {
  const n = idx.length;
  const x = new Float32Array(n * ds.nFeatures);
  const y = new Uint8Array(n * ds.nLabels);
  for (let r = 0; r < n; r++) {
    const i = idx[r];
    x.set(ds.x.subarray(i * ds.nFeatures, (i + 1) * ds.nFeatures), r * ds.nFeatures);
    y.set(ds.y.subarray(i * ds.nLabels, (i + 1) * ds.nLabels), r * ds.nLabels);
  }
  return { ...ds, x, y, nRows: n, source };
}

/** A user mistake in input data: printed as one line, never with a stack trace. */
export class DataError extends Error {
  readonly userFacing = true;
  override name = 'DataError';
}
