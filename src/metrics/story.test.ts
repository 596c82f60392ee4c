import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../model/rng.js';
import { computeReport } from './report.js';
import { STORY_KEYS, storyMetrics } from './story.js';

function sigmoid32(z: Float32Array): Float32Array {
  return z.map((v) => 1 / (1 + Math.exp(-v)));
}

function check(
  name: string,
  yTrue: Uint8Array,
  logits: Float32Array,
  nRows: number,
  nLabels: number,
  threshold = 0.5,
) {
  const labelNames = Array.from({ length: nLabels }, (_, l) => `L${l}`);
  const full = computeReport({
    yTrue,
    probabilities: sigmoid32(logits),
    logits,
    nRows,
    nLabels,
    labelNames,
    threshold,
  });
  const fast = storyMetrics({ yTrue, nRows, nLabels, labelNames }, logits, threshold);
  for (const k of STORY_KEYS) assert.equal(fast[k], full.metrics[k], `${name}: ${k}`);
  return fast;
}

test('story metrics equal the full report exactly: ties, saturation, rare and constant labels, NaN', () => {
  const rng = createRng(11);
  const cases = [
    { rows: 300, labels: 7, density: 0.3, scale: 3, round: 0 },
    { rows: 1000, labels: 40, density: 0.02, scale: 2, round: 1 }, // heavy ties
    { rows: 200, labels: 5, density: 0.5, scale: 1e4, round: 0 }, // saturated sigmoids, ±0
    { rows: 64, labels: 3, density: 0.3, scale: 1, round: 4 },
    { rows: 2500, labels: 30, density: 0.1, scale: 4, round: 0 },
  ];
  let defined = 0;
  for (const c of cases) {
    const n = c.rows * c.labels;
    const y = Uint8Array.from({ length: n }, () => (rng.next() < c.density ? 1 : 0));
    const z = Float32Array.from({ length: n }, () => {
      const v = c.scale * rng.normal();
      return c.round ? Math.round(v * c.round) / c.round : v;
    });
    z[0] = 0;
    z[1] = -0;
    const fast = check(JSON.stringify(c), y, z, c.rows, c.labels, 0.4);
    if (fast.roc_auc_macro !== null) defined++;
    // A label with one class only makes macro AUC undefined, as in the full report.
    for (let r = 0; r < c.rows; r++) y[r * c.labels] = 0;
    assert.equal(check(`${JSON.stringify(c)} constant label`, y, z, c.rows, c.labels).roc_auc_macro, null);
  }
  assert.ok(defined >= 3, 'most cases must have a defined macro AUC');
  // Many labels, and scores that differ, or tie, only in their lowest bits: the rank index's grid
  // cells must be resolved by exact comparisons.
  const rows = 700;
  const labels = 130;
  const yMany = Uint8Array.from({ length: rows * labels }, (_, i) =>
    rng.next() < 0.2 / (1 + (i % labels)) ** 0.5 ? 1 : 0,
  );
  const near = Float32Array.from({ length: rows * labels }, () => 1 + Math.floor(rng.next() * 40) * 2 ** -20);
  check('one bucket, low bits', yMany, near, rows, labels);
  const wide = Float32Array.from({ length: rows * labels }, (_, i) =>
    i % 3 === 0 ? -1 - Math.floor(rng.next() * 9) * 2 ** -21 : 6 * rng.normal(),
  );
  check('many buckets, ties', yMany, wide, rows, labels, 0.2);
  // Dense labels (the negatives are the smaller class, so they are the ones indexed), crowded grid
  // cells (a few huge logits stretch the range, the rest share a cell), ±Infinity and ±0.
  const yDense = Uint8Array.from({ length: rows * labels }, () => (rng.next() < 0.8 ? 1 : 0));
  check('dense labels', yDense, wide, rows, labels);
  const tails = Float32Array.from({ length: rows * labels }, (_, i) =>
    i % 97 === 0 ? 3e38 * (rng.next() - 0.5) : Math.round(4 * rng.normal()) / 8,
  );
  check('crowded cells, sparse labels', yMany, tails, rows, labels);
  check('crowded cells, dense labels', yDense, tails, rows, labels);
  const inf = Float32Array.from(
    { length: rows * labels },
    (_, i) => [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, 0, -0, 1e-40][i % 7] ?? rng.normal(),
  );
  for (const yy of [yMany, yDense]) check('infinities and zeros', yy, inf, rows, labels);
  const infOnly = Float32Array.from({ length: rows * labels }, (_, i) =>
    i % 2 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY,
  );
  for (const yy of [yMany, yDense]) check('nothing finite', yy, infOnly, rows, labels);
  check('one value everywhere', yMany, new Float32Array(rows * labels).fill(-2.5), rows, labels);
  // Thresholds: the logit cut-off gives exactly the thresholded float32 sigmoids.
  const n = 4000;
  const y = Uint8Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
  const z = Float32Array.from({ length: n }, () => 30 * (rng.next() - 0.5));
  for (const th of [0.01, 0.3, 0.5, 0.77, 0.99, 0.999999]) check(`threshold ${th}`, y, z, 400, 10, th);
  const yn = Uint8Array.from({ length: 60 }, (_, i) => i % 2);
  const zn = Float32Array.from({ length: 60 }, (_, i) => i / 7);
  zn[5] = Number.NaN;
  const nan = check('NaN', yn, zn, 20, 3);
  assert.equal(nan.roc_auc_micro, null);
  assert.equal(typeof nan.precision_micro, 'number');
});
