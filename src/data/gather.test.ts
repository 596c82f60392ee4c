import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Dataset, denseDataset, subset } from './dataset.js';
import { denseFeatures, gatherLabels, gatherRows } from './gather.js';
import { fillMissing, presentMeans } from './moments.js';
import { applyScaler, fitScaler } from './scaler.js';

const names = (p: string, n: number) => Array.from({ length: n }, (_, j) => `${p}${j}`);

/** The same 4 × 3 rows, dense and CSR. */
const X = [0, 2, 0, 1, 0, 0, 0, 0, 0, 3, 4, 5];
const Y = Uint8Array.from([1, 0, 0, 1, 1, 1, 0, 0]);
const shape = { nRows: 4, featureNames: names('f', 3), labelNames: names('l', 2), source: 'mem' };
const dense = () => denseDataset(Float32Array.from(X), Y.slice(), shape);
function csr(): Dataset {
  return {
    ...dense(),
    store: {
      kind: 'csr',
      rowStart: Float64Array.from([0, 1, 2, 2, 5]),
      cols: Uint32Array.from([1, 0, 0, 1, 2]),
      values: Float32Array.from([2, 1, 3, 4, 5]),
    },
  };
}

test('gatherRows densifies dense and CSR rows alike, in the asked order, from an offset', () => {
  for (const ds of [dense(), csr()]) {
    assert.deepEqual([...denseFeatures(ds)], X);
    const out = new Float32Array(7).fill(9);
    gatherRows(ds, [3, 0], out, 1);
    assert.deepEqual([...out], [9, 3, 4, 5, 0, 2, 0]);
    const yb = new Float32Array(4);
    gatherLabels(ds, [3, 0], yb);
    assert.deepEqual([...yb], [0, 0, 1, 0]);
  }
});

test('splits are index views: no feature copy, views of views compose, labels follow', () => {
  for (const ds of [dense(), csr()]) {
    const v = subset(ds, [3, 1, 0]);
    assert.equal(v.store, ds.store, 'features shared, not copied');
    assert.deepEqual([...v.y], [0, 0, 0, 1, 1, 0]);
    const w = subset(v, [2, 0]);
    assert.deepEqual([...denseFeatures(w)], [0, 2, 0, 3, 4, 5]);
    assert.deepEqual([...w.y], [1, 0, 0, 0]);
    assert.throws(() => subset(v, [3]), RangeError);
  }
});

test('scaling is applied on gather, the same for dense and CSR, fitted on the view only', () => {
  const want = denseFeatures(applyScaler(fitScaler(subset(dense(), [0, 1, 3])), dense()));
  const got = denseFeatures(applyScaler(fitScaler(subset(csr(), [0, 1, 3])), csr()));
  got.forEach((v, i) => {
    assert.ok(Math.abs(v - want[i]) < 1e-6, `${i}: ${v} vs ${want[i]}`);
  });
  // rows 0, 1, 3 of feature 0 are 0, 1, 3: mean 4/3
  assert.ok(Math.abs(fitScaler(subset(csr(), [0, 1, 3])).shift[0] - 4 / 3) < 1e-12);
});

test('missing values: present means over the view; filling reaches only the view rows', () => {
  for (const make of [dense, csr]) {
    const ds = make();
    const values = ds.store.values;
    values[ds.store.kind === 'dense' ? 10 : 3] = Number.NaN; // row 3, feature 1
    const train = subset(ds, [0, 1, 3]);
    assert.deepEqual(presentMeans(train), [4 / 3, 1, 5 / 3]);
    assert.equal(fillMissing(subset(ds, [0, 1]), [7, 7, 7]), 0);
    assert.equal(fillMissing(train, [7, 8, 9]), 1);
    assert.deepEqual([...denseFeatures(ds)].slice(9), [3, 8, 5]);
  }
});

test('gatherLabels: many labels (the native-copy path) and few give the same rows, from an offset', () => {
  for (const L of [3, 40, 97]) {
    const rows = 5;
    const y = Uint8Array.from({ length: rows * L }, (_, i) => ((i * 7919) % 3 === 0 ? 1 : 0));
    const ds = denseDataset(new Float32Array(rows), y, {
      nRows: rows,
      featureNames: ['f'],
      labelNames: names('l', L),
      source: 'mem',
    });
    const out = new Float32Array(2 + 3 * L).fill(9);
    gatherLabels(ds, [4, 0, 2], out, 2);
    const want = [9, 9, ...[4, 0, 2].flatMap((r) => [...y.subarray(r * L, r * L + L)])];
    assert.deepEqual([...out], want, `L=${L}`);
  }
});

test('a scaled dense store gathers the values scaled row by row would give, for every view and transform', () => {
  const base = dense();
  const a = applyScaler(fitScaler(subset(base, [0, 1, 3])), base);
  const b = applyScaler(fitScaler(subset(base, [0, 2])), base);
  for (const ds of [a, subset(a, [2, 0]), b, subset(b, [3, 1]), a]) {
    const t = ds.transform!;
    const rows = ds.rows === null ? [0, 1, 2, 3] : [...ds.rows];
    const want = rows.flatMap((r) =>
      [0, 1, 2].map((j) => Math.fround((X[r * 3 + j] - t.shift[j]) * t.inverse[j])),
    );
    assert.deepEqual([...denseFeatures(ds)], want);
  }
});
