import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../model/rng.js';
import { DataError } from './dataset.js';
import { denseFeatures } from './gather.js';
import { iterativeStratifiedSplit, trainValTestSplit } from './split.js';
import { generateSynthetic } from './synthetic.js';

/** Rows with skewed, partly rare labels: label l is on with probability rates[l]. */
function labels(n: number, rates: number[], seed: number): Uint8Array {
  const rng = createRng(seed);
  const y = new Uint8Array(n * rates.length);
  for (let i = 0; i < n; i++) {
    rates.forEach((r, l) => {
      y[i * rates.length + l] = rng.next() < r ? 1 : 0;
    });
  }
  return y;
}

function positives(y: Uint8Array, L: number, rows: ArrayLike<number>, l: number): number {
  let c = 0;
  for (let r = 0; r < rows.length; r++) c += y[rows[r] * L + l];
  return c;
}

const RATES = [0.5, 0.2, 0.05, 0.01, 0.003];

test('every row lands in exactly one subset; sizes follow the fractions', () => {
  const n = 3000;
  const y = labels(n, RATES, 1);
  const parts = iterativeStratifiedSplit(y, n, RATES.length, [0.7, 0.1, 0.2], 42);
  const seen = new Uint8Array(n);
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) {
      seen[p[i]]++;
      if (i > 0) assert.ok(p[i] > p[i - 1], 'indices sorted');
    }
  }
  assert.ok(seen.every((v) => v === 1));
  [0.7, 0.1, 0.2].forEach((f, j) => {
    assert.ok(Math.abs(parts[j].length - f * n) <= 0.01 * n, `subset ${j}: ${parts[j].length}`);
  });
});

test('each label keeps its share in every subset, rare ones too (better than a random split)', () => {
  const n = 3000;
  const L = RATES.length;
  const y = labels(n, RATES, 2);
  const fr = [0.6, 0.2, 0.2];
  const parts = iterativeStratifiedSplit(y, n, L, fr, 7);
  // a random split with the same sizes, for comparison
  const perm = Array.from({ length: n }, (_, i) => i);
  const rng = createRng(7);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const rand = [perm.slice(0, 1800), perm.slice(1800, 2400), perm.slice(2400)];
  let devStrat = 0;
  let devRand = 0;
  for (let l = 0; l < L; l++) {
    const total = positives(y, L, perm, l);
    fr.forEach((f, j) => {
      const want = total * f;
      const got = positives(y, L, parts[j], l);
      assert.ok(Math.abs(got - want) <= 1.5, `label ${l} subset ${j}: ${got} vs ${want}`);
      devStrat += Math.abs(got - want);
      devRand += Math.abs(positives(y, L, rand[j], l) - want);
    });
  }
  assert.ok(devStrat < devRand / 3, `stratified deviation ${devStrat} vs random ${devRand}`);
});

test('the seed reproduces the split; another seed changes it', () => {
  const y = labels(500, RATES, 3);
  const a = iterativeStratifiedSplit(y, 500, 5, [0.8, 0.2], 1);
  const b = iterativeStratifiedSplit(y, 500, 5, [0.8, 0.2], 1);
  const c = iterativeStratifiedSplit(y, 500, 5, [0.8, 0.2], 2);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a[1], c[1]);
});

test('rows without labels are spread by size; bad fractions rejected', () => {
  const y = new Uint8Array(100); // 100 rows, 1 label, all 0
  const [p, q] = iterativeStratifiedSplit(y, 100, 1, [0.75, 0.25], 1);
  assert.deepEqual([p.length, q.length], [75, 25]);
  assert.throws(() => iterativeStratifiedSplit(y, 100, 1, [0.5, 0.2], 1), DataError);
  assert.throws(() => iterativeStratifiedSplit(y, 100, 1, [1.2, -0.2], 1), /must be ≥ 0 and sum to 1/);
});

test('trainValTestSplit: datasets, indices and the seed, with the source recording the split', () => {
  const ds = generateSynthetic({ rows: 1000, features: 8, labels: 3, seed: 1 });
  const s = trainValTestSplit(ds, { testFraction: 0.2, valFraction: 0.1, seed: 11 });
  assert.equal(s.seed, 11);
  assert.deepEqual([s.train.nRows, s.val?.nRows, s.test?.nRows], [700, 100, 200]);
  assert.equal(s.indices.test?.length, 200);
  assert.match(s.test!.source, /#test\(iterative-stratified, seed=11\)$/);
  const r = s.indices.train[5];
  assert.deepEqual(
    [...denseFeatures(s.train).subarray(5 * 8, 6 * 8)],
    [...denseFeatures(ds).subarray(r * 8, (r + 1) * 8)],
  );
  const noVal = trainValTestSplit(ds, { seed: 1 });
  assert.equal(noVal.val, undefined);
  assert.equal(noVal.test?.nRows, 200);
  const all = trainValTestSplit(ds, { testFraction: 0, seed: 1 });
  assert.equal(all.train.nRows, 1000);
  assert.throws(
    () => trainValTestSplit(ds, { testFraction: 0.6, valFraction: 0.4, seed: 1 }),
    /leave no training rows/,
  );
  assert.throws(() => trainValTestSplit(ds, { valFraction: -0.1, seed: 1 }), /--val-fraction -0\.1/);
});
