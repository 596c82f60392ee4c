import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../model/rng.js';
import { fingerprint } from './fingerprint.js';
import { denseFeatures } from './gather.js';
import { labelStats } from './stats.js';
import { generateSynthetic, parseSyntheticSpec } from './synthetic.js';
import { poisson, poissonRateForTruncatedMean } from './synthetic-wordcounts.js';

test('seed-like: 22,000 rows × 100 raw word counts, 6 labels, density 0.34', () => {
  const ds = generateSynthetic(parseSyntheticSpec('seed-like'));
  const s = labelStats(ds);
  assert.deepEqual([s.rows, s.features, s.labels], [22_000, 100, 6]);
  assert.ok(Math.abs(s.density - 0.34) < 0.005, `density ${s.density}`);
  assert.equal(ds.source, 'seed-like:rows=22000,features=100,labels=6,density=0.34,seed=1,length=50');
  // raw counts: non-negative integers, about 50 words per row
  let total = 0;
  for (const v of denseFeatures(ds)) {
    assert.ok(v >= 0 && Number.isInteger(v));
    total += v;
  }
  assert.ok(Math.abs(total / ds.nRows - 50) < 2, `mean words per row ${total / ds.nRows}`);
});

test('gaussian: 22,000 × 294 standardised Gaussian features, 6 labels, density 0.34', () => {
  const ds = generateSynthetic(parseSyntheticSpec('gaussian'));
  const s = labelStats(ds);
  assert.deepEqual([s.rows, s.features, s.labels], [22_000, 294, 6]);
  assert.ok(Math.abs(s.density - 0.34) < 0.002, `density ${s.density}`);
  assert.equal(ds.source, 'gaussian:rows=22000,features=294,labels=6,density=0.34,seed=1,factors=16');
  // every feature ~N(0,1): check the first few columns' mean and std
  const dsx = denseFeatures(ds);
  for (let j = 0; j < 5; j++) {
    let m = 0;
    let q = 0;
    for (let i = 0; i < ds.nRows; i++) {
      const v = dsx[i * 294 + j];
      m += v;
      q += v * v;
    }
    m /= ds.nRows;
    const sd = Math.sqrt(q / ds.nRows - m * m);
    assert.ok(Math.abs(m) < 0.05 && Math.abs(sd - 1) < 0.05, `feature ${j}: mean ${m} std ${sd}`);
  }
});

test('the same seed gives the same data; another seed other data; sizes are parameters', () => {
  const a = generateSynthetic(
    parseSyntheticSpec('gaussian:rows=500,features=20,labels=4,density=0.2,seed=3'),
  );
  const b = generateSynthetic({
    kind: 'gaussian',
    rows: 500,
    features: 20,
    labels: 4,
    density: 0.2,
    seed: 3,
  });
  const c = generateSynthetic({
    kind: 'gaussian',
    rows: 500,
    features: 20,
    labels: 4,
    density: 0.2,
    seed: 4,
  });
  assert.equal(fingerprint(a), fingerprint(b));
  assert.notEqual(fingerprint(a), fingerprint(c));
  assert.deepEqual([a.nRows, a.nFeatures, a.nLabels], [500, 20, 4]);
  assert.ok(Math.abs(labelStats(a).density - 0.2) < 0.005);
  // more rows, same seed: the same problem (parameters from their own stream), so the first
  // rows' labels agree for most rows (thresholds move slightly with the sample)
  const big = generateSynthetic({
    kind: 'gaussian',
    rows: 1000,
    features: 20,
    labels: 4,
    density: 0.2,
    seed: 3,
  });
  assert.deepEqual([...denseFeatures(big).subarray(0, 20 * 500)], [...denseFeatures(a)]);
});

test('labels depend on the features (a learnable problem), not on noise alone', () => {
  const ds = generateSynthetic({ kind: 'gaussian', rows: 4000, features: 50, labels: 3, seed: 2 });
  // least-squares-free check: correlation of each label with its best single feature is clearly > 0
  const dsx = denseFeatures(ds);
  for (let k = 0; k < 3; k++) {
    let best = 0;
    for (let j = 0; j < 50; j++) {
      let sx = 0;
      let sy = 0;
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      for (let i = 0; i < ds.nRows; i++) {
        const x = dsx[i * 50 + j];
        const y = ds.y[i * 3 + k];
        sx += x;
        sy += y;
        sxy += x * y;
        sxx += x * x;
        syy += y * y;
      }
      const n = ds.nRows;
      const r = (sxy - (sx * sy) / n) / Math.sqrt((sxx - (sx * sx) / n) * (syy - (sy * sy) / n));
      best = Math.max(best, Math.abs(r));
    }
    assert.ok(best > 0.2, `label ${k}: best |r| ${best}`);
  }
});

test('wordcounts: make_multilabel_classification process, raw counts, density calibrated', () => {
  const ds = generateSynthetic(parseSyntheticSpec('wordcounts:rows=6000,seed=5'));
  const s = labelStats(ds);
  assert.deepEqual([s.rows, s.features, s.labels], [6000, 100, 6]);
  assert.ok(Math.abs(s.density - 0.34) < 0.015, `density ${s.density}`);
  let total = 0;
  for (const v of denseFeatures(ds)) {
    assert.ok(Number.isInteger(v) && v >= 0);
    total += v;
  }
  // mean document length ≈ 50 (Poisson, redrawn when 0)
  assert.ok(Math.abs(total / ds.nRows - 50) < 1, `mean length ${total / ds.nRows}`);
  assert.ok(s.rowsWithNoLabel > 0, 'unlabelled rows are allowed, as in scikit-learn');
  assert.match(ds.source, /^wordcounts:rows=6000,features=100,labels=6,density=0.34,seed=5,length=50$/);
});

test('Poisson sampler mean and truncated-rate solver', () => {
  const rng = createRng(9);
  for (const lam of [0.5, 3, 50, 200]) {
    let s = 0;
    for (let i = 0; i < 20_000; i++) s += poisson(lam, rng);
    assert.ok(Math.abs(s / 20_000 - lam) < 0.05 * lam + 0.02, `λ=${lam}: ${s / 20_000}`);
  }
  const lam = poissonRateForTruncatedMean(2.04, 6);
  // E[Y | Y ≤ 6] for that λ, computed directly
  let p = Math.exp(-lam);
  let z = p;
  let m = 0;
  for (let k = 1; k <= 6; k++) {
    p *= lam / k;
    z += p;
    m += k * p;
  }
  assert.ok(Math.abs(m / z - 2.04) < 1e-9);
  assert.ok(Number.isFinite(poissonRateForTruncatedMean(150, 200)));
});

test('spec errors name the key and what is expected', () => {
  assert.throws(
    () => parseSyntheticSpec('seed-like:rows=10,colour=3'),
    /seed-like: unknown key 'colour' \(keys: rows, features/,
  );
  assert.throws(() => parseSyntheticSpec('seed-like:rows'), /'rows' is not key=value/);
  assert.throws(() => parseSyntheticSpec('gaussian:rows=abc'), /rows=abc is not a number/);
  assert.throws(() => parseSyntheticSpec('wordcounts:factors=3'), /unknown key 'factors'/);
  assert.throws(
    () => generateSynthetic(parseSyntheticSpec('seed-like:density=1.5')),
    /seed-like: density=1.5 is invalid/,
  );
  assert.throws(() => generateSynthetic(parseSyntheticSpec('seed-like:rows=0')), /rows=0 is invalid/);
  assert.throws(() => parseSyntheticSpec('nope'), /unknown synthetic preset 'nope'/);
});
