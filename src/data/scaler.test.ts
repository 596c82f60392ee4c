import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Dataset, denseDataset } from './dataset.js';
import { fingerprint } from './fingerprint.js';
import { denseFeatures } from './gather.js';
import { applyScaler, fitScaler, parseScaler, scalerAffine } from './scaler.js';

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
  assert.deepEqual(s.shift, [3, 5, 100]);
  assert.ok(Math.abs(s.scale[0] - Math.sqrt(8 / 3)) < 1e-12);
  assert.deepEqual(s.scale.slice(1), [1, 1]);
  assert.deepEqual(s.uncentred, []);
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
  const s = fitScaler(ds([1, 10, 3, 30], 2));
  const test_ = applyScaler(s, ds([3, 20], 2));
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

test('parseScaler accepts a saved scaler, and the older standard shape; rejects a damaged one', () => {
  const s = fitScaler(ds([0, 10, 2, 30], 2));
  assert.deepEqual(parseScaler(JSON.parse(JSON.stringify(s))), s);
  assert.throws(
    () => parseScaler({ ...s, scale: [1, 0] }, 'model.json'),
    /^DataError: model\.json: not a valid scaler/,
  );
  assert.throws(() => parseScaler({ ...s, shift: [1] }), /not a valid scaler/);
  assert.throws(() => parseScaler({ ...s, uncentred: [1] }), /not a valid scaler/); // shift[1] ≠ 0
  assert.throws(() => parseScaler(null), /not a valid scaler/);
  const legacy = { kind: 'standard', mean: [1, 2], std: [3, 4], featureNames: ['a', 'b'] };
  assert.deepEqual(parseScaler(legacy).shift, [1, 2]);
  assert.deepEqual(scalerAffine(legacy as never), { shift: [1, 2], scale: [3, 4] });
  assert.deepEqual([...denseFeatures(applyScaler(legacy as never, ds([4, 6], 2)))], [1, 1]);
});

test('binary and mostly-zero features keep their zeros (scaled, not centred); dense ones are standardised', () => {
  // f0 binary (70% ones), f1 sparse counts (75% zeros), f2 dense
  const x = [1, 0, 1.5, 1, 4, 2.5, 0, 0, 3.5, 1, 0, 4.5];
  const s = fitScaler(ds(x, 3));
  assert.deepEqual(s.uncentred, [0, 1]);
  assert.deepEqual(s.shift, [0, 0, 3]);
  assert.ok(Math.abs(s.scale[1] - Math.sqrt(16 / 4 - 1)) < 1e-12, String(s.scale[1]));
  assert.match(s.rule, /binary or at least half zeros/);
  const out = denseFeatures(applyScaler(s, ds(x, 3)));
  for (let i = 0; i < 4; i++) {
    for (const j of [0, 1]) assert.equal(out[i * 3 + j] === 0, x[i * 3 + j] === 0, `row ${i} feature ${j}`);
  }
  // the dense one has mean 0, std 1
  const f2 = [0, 1, 2, 3].map((i) => out[i * 3 + 2]);
  assert.ok(Math.abs(f2.reduce((a, b) => a + b)) < 1e-6);
});
