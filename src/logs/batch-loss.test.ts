import assert from 'node:assert/strict';
import { test } from 'node:test';
import { meansBetweenRecords } from './batch-loss.js';

const pts = (xs: [number, number][]) => xs.map(([step, value]) => ({ step, wallTime: step, value }));

test('a per-batch loss becomes its mean between records; a NaN batch stays visible; an epoch loss is left alone', () => {
  // records (weight histograms) at 0, 10, 20; the loss every 2 steps from step 2
  const loss = pts(Array.from({ length: 13 }, (_, i) => [2 * (i + 1), i % 2 ? 1 : 3] as [number, number]));
  const read = meansBetweenRecords(loss, [0, 10, 20]);
  assert.equal(read?.axis, 'records');
  assert.deepEqual(
    read?.means.map((p) => [p.step, Number(p.value.toFixed(3))]),
    [
      [10, 2.2], // steps 2..10: 3 1 3 1 3
      [20, 1.8], // 12..20: 1 3 1 3 1
      [26, 2.333], // after the last record: 3 1 3
    ],
  );
  const nan = pts([
    [1, 0.5],
    [2, Number.NaN],
    [3, 0.4],
    [4, 0.4],
    [5, 0.4],
    [6, 0.4],
  ]);
  assert.deepEqual(
    meansBetweenRecords(nan, [0, 2, 4])?.means.map((p) => [p.step, p.value]),
    [
      [2, Number.NaN],
      [4, 0.4],
      [6, 0.4],
    ],
  );
  const epochLoss = pts([
    [0, 0.7],
    [1, 0.6],
    [2, 0.5],
  ]);
  assert.equal(meansBetweenRecords(epochLoss, [0, 1, 2]), undefined);
  assert.equal(meansBetweenRecords(loss, [0, 10]), undefined, 'two records are no grid');
});

test('a loss counted by iteration beside records counted by epoch: equal windows, one per record', () => {
  // 3 epochs of 10 iterations, the loss every iteration (steps 1..30), the records at epochs 0, 1, 2
  const loss = pts(
    Array.from({ length: 30 }, (_, i) => [i + 1, i < 10 ? 0.7 : i < 20 ? 0.5 : 0.4] as [number, number]),
  );
  const read = meansBetweenRecords(loss, [0, 1, 2]);
  assert.equal(read?.axis, 'own');
  assert.deepEqual(
    read?.means.map((p) => [p.step, Number(p.value.toFixed(3))]),
    [
      [10, 0.7],
      [20, 0.5],
      [30, 0.4],
    ],
  );
});
