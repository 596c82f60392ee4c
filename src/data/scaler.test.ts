import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Dataset, denseDataset } from './dataset.js';
import { fingerprint } from './fingerprint.js';
import { denseFeatures } from './gather.js';
import { applyScaler, fitScaler, parseScaler } from './scaler.js';

function ds(x: number[], nFeatures: number, source = 'mem'): Dataset {
  const nRows = x.length / nFeatures;
  return denseDataset(Float32Array.from(x), new Uint8Array(nRows), {
    nRows,
    featureNames: Array.from({ length: nFeatures }, (_, j) => `f${j}`),
    labelNames: ['l'],
    source,
  });
}

test('fitScaler: mean and population std per feature; constant features get std 1', () => {
  const train = ds([1, 5, 100, 3, 5, 100, 5, 5, 100], 3);
  const s = fitScaler(train);
  assert.deepEqual(s.mean, [3, 5, 100]);
  assert.ok(Math.abs(s.std[0] - Math.sqrt(8 / 3)) < 1e-12);
  assert.deepEqual(s.std.slice(1), [1, 1]);
  // a plain JSON object that survives a round trip
  const back = JSON.parse(JSON.stringify(s));
  assert.deepEqual(back, s);
  const scaled = denseFeatures(applyScaler(back, train));
  assert.ok(Math.abs(scaled[0] + Math.sqrt(3 / 2)) < 1e-6);
  assert.deepEqual([scaled[1], scaled[2]], [0, 0]);
  assert.equal(applyScaler(back, train).y, train.y);
  assert.equal(denseFeatures(train)[0], 1, 'the input is not modified');
});

test('applyScaler uses the training statistics on other rows and checks the width', () => {
  const s = fitScaler(ds([0, 10, 2, 30], 2));
  const test_ = applyScaler(s, ds([2, 20], 2));
  assert.deepEqual([...denseFeatures(test_)], [1, 0]);
  assert.throws(
    () => applyScaler(s, ds([1, 2, 3], 3, 'other.csv')),
    /^DataError: other\.csv: has 3 features but the scaler was fitted on 2/,
  );
});

test('fingerprint: same data → same hash; any change in x, y or names changes it', () => {
  const a = ds([1, 2, 3, 4], 2);
  const f = fingerprint(a);
  assert.match(f, /^[0-9a-f]{64}$/);
  assert.equal(fingerprint(ds([1, 2, 3, 4], 2, 'moved.arff')), f);
  assert.notEqual(fingerprint(ds([1, 2, 3, 4.5], 2)), f);
  assert.notEqual(fingerprint({ ...a, y: Uint8Array.from([1, 0]) }), f);
  assert.notEqual(fingerprint({ ...a, featureNames: ['f0', 'g'] }), f);
  // a view into a larger buffer hashes only its own bytes
  const big = new Float32Array([9, 1, 2, 3, 4, 9]);
  assert.equal(fingerprint({ ...a, store: { kind: 'dense', values: big.subarray(1, 5) } }), f);
});

test('parseScaler accepts a saved scaler and rejects a damaged one', () => {
  const s = fitScaler(ds([0, 10, 2, 30], 2));
  assert.deepEqual(parseScaler(JSON.parse(JSON.stringify(s))), s);
  assert.throws(
    () => parseScaler({ ...s, std: [1, 0] }, 'model.json'),
    /^DataError: model\.json: not a valid scaler/,
  );
  assert.throws(() => parseScaler({ ...s, mean: [1] }), /not a valid scaler/);
  assert.throws(() => parseScaler(null), /not a valid scaler/);
});
