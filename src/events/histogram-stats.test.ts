import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binValues } from './bins.js';
import { compressHistogram, histogramPercentile, histogramStats, textHistogram } from './histogram-stats.js';
import type { Histogram } from './types.js';

const hist = (min: number, max: number, limits: number[], counts: number[]): Histogram => ({
  min,
  max,
  num: counts.reduce((a, b) => a + b, 0),
  sum: 0,
  sumSquares: 0,
  bucketLimits: Float64Array.from(limits),
  counts: Float64Array.from(counts),
});

test('binValues: 30 equal-width buckets over the finite range, like TensorBoard summary_v2', () => {
  const v = Float64Array.from({ length: 300 }, (_, i) => i / 10); // 0 .. 29.9
  const h = binValues(v);
  assert.equal(h.counts.length, 30);
  assert.equal(h.bucketLimits[29], h.max);
  assert.ok(Math.abs(h.bucketLimits[0] - 29.9 / 30) < 1e-12);
  assert.equal(
    h.counts.reduce((a, b) => a + b, 0),
    300,
  );
  assert.equal(h.counts[29], 10, 'values from 29.0 to the max 29.9 share the last bucket');
  assert.throws(() => binValues(v, 0), /bucketCount/);
});

test('histogramStats: exact mean and std from sums, percentiles within a bucket width', () => {
  const v = new Float64Array(10001);
  for (let i = 0; i < v.length; i++) v[i] = (i - 5000) / 1000; // uniform on [-5, 5]
  const h = binValues(v);
  const s = histogramStats(h);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  assert.ok(Math.abs(s.mean - mean) < 1e-12);
  assert.ok(Math.abs(s.std - std) < 1e-9);
  const width = 10 / 30;
  assert.ok(Math.abs(s.median) < width);
  assert.ok(Math.abs(s.p25 + 2.5) < width);
  assert.ok(Math.abs(s.p95 - 4.5) < width);
  assert.equal(histogramPercentile(h, 0), -5);
  assert.equal(histogramPercentile(h, 1), 5);
  assert.ok(Number.isNaN(histogramStats(binValues([])).mean));
});

test('compressHistogram follows TensorBoard: basis points through the cumulative distribution', () => {
  const h = hist(0, 3, [1, 2, 3], [1, 1, 2]);
  const c = compressHistogram(h);
  assert.deepEqual(
    c.map((p) => p.basisPoints),
    [0, 668, 1587, 3085, 5000, 6915, 8413, 9332, 10000],
  );
  const v = c.map((p) => p.value);
  // weights 2500, 5000, 10000: bp 668 → 668/2500 into [0,1]; bp 5000 → start of [2,3]; 9332 → 2 + 4332/5000.
  assert.equal(v[0], 0);
  assert.ok(Math.abs(v[1] - 0.2672) < 1e-12);
  assert.equal(v[4], 2);
  assert.ok(Math.abs(v[7] - 2.8664) < 1e-12);
  assert.equal(v[8], 3);
  for (let i = 1; i < v.length; i++) assert.ok(v[i] >= v[i - 1], 'monotone');
  assert.deepEqual(
    compressHistogram(binValues([])).map((p) => p.value),
    new Array(9).fill(0),
  );
});

test('textHistogram: one character per column, the peak is a full block', () => {
  const normalish = binValues(Float64Array.from({ length: 5000 }, (_, i) => Math.sin(i) + Math.cos(i * 0.7)));
  const line = textHistogram(normalish, 24);
  assert.equal([...line].length, 24);
  assert.ok(line.includes('█'));
  assert.match(line, /^[ ▁▂▃▄▅▆▇█]+$/);
  // A bimodal histogram shows two peaks and an empty middle.
  const bimodal = hist(0, 3, [1, 2, 3], [10, 0, 10]);
  assert.equal(textHistogram(bimodal, 3), '█ █');
  // All values equal: one bar in the middle.
  assert.equal(textHistogram(binValues([2, 2, 2]), 5), '  █  ');
  assert.equal(textHistogram(binValues([]), 4), '    ');
});
