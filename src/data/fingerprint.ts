import { createHash } from 'node:crypto';
import type { Dataset } from './dataset.js';
import { denseFeatures } from './gather.js';

/**
 * sha256 (hex) over the shape, the names and the rows' features and labels: two data sets with the
 * same fingerprint hold the same rows in the same order. Stored in the model file so eval/predict
 * can tell whether they see the training data. `source` is left out: a moved file is the same
 * data. Dense stores hash their float32 rows; sparse ones their CSR arrays (no dense copy).
 */
export function fingerprint(ds: Dataset): string {
  const h = createHash('sha256');
  h.update(
    JSON.stringify({
      rows: ds.nRows,
      features: ds.nFeatures,
      labels: ds.nLabels,
      featureNames: ds.featureNames,
      labelNames: ds.labelNames,
    }),
  );
  const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const { store } = ds;
  if (ds.rows !== null || ds.transform !== null || store.kind === 'dense') {
    const x =
      ds.rows === null && ds.transform === null && store.kind === 'dense' ? store.values : denseFeatures(ds);
    h.update(bytes(x));
  } else {
    h.update('csr');
    h.update(bytes(store.rowStart));
    h.update(bytes(store.cols));
    h.update(bytes(store.values));
  }
  h.update(bytes(ds.y));
  return h.digest('hex');
}
