import type { Dataset } from './dataset.js';

export interface LabelStats {
  rows: number;
  features: number;
  labels: number;
  /** Mean number of labels per row. */
  cardinality: number;
  /** cardinality / labels: the share of 1s in y. */
  density: number;
  /** Share of rows with each label. */
  positiveRate: number[];
  rowsWithNoLabel: number;
}

/** The numbers MULAN reports for a multi-label set (and VERIFY.jsonl lists for the real ones). */
export function labelStats(ds: Dataset): LabelStats {
  const { nRows: n, nLabels: K, y } = ds;
  const pos = new Float64Array(K);
  let ones = 0;
  let empty = 0;
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let k = 0; k < K; k++) {
      const v = y[i * K + k];
      pos[k] += v;
      c += v;
    }
    ones += c;
    if (c === 0) empty++;
  }
  return {
    rows: n,
    features: ds.nFeatures,
    labels: K,
    cardinality: ones / n,
    density: ones / (n * K),
    positiveRate: Array.from(pos, (p) => p / n),
    rowsWithNoLabel: empty,
  };
}
