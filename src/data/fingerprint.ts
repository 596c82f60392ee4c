import { createHash } from 'node:crypto';
import type { Dataset } from './dataset.js';

/**
 * sha256 (hex) over the shape, the names and the bytes of x and y: two data sets with the same
 * fingerprint hold the same rows in the same order. Stored in the model file so eval/predict can
 * tell whether they see the training data. `source` is left out: a moved file is the same data.
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
  h.update(new Uint8Array(ds.x.buffer, ds.x.byteOffset, ds.x.byteLength));
  h.update(new Uint8Array(ds.y.buffer, ds.y.byteOffset, ds.y.byteLength));
  return h.digest('hex');
}
