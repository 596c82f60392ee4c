import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../model/rng.js';
import { insertionSort, sortScores } from './sort.js';

test('sortScores orders like a numeric sort at every size, with negatives, ties, zeros and infinities', () => {
  const rng = createRng(11);
  for (const n of [0, 1, 5, 32, 33, 511, 512, 3000, 70000]) {
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      a[i] = u < 0.1 ? 0 : u < 0.15 ? 1 : u < 0.17 ? -Infinity : u < 0.19 ? Infinity : rng.normal() * 1e3;
    }
    const want = Array.from(a).sort((x, y) => x - y);
    assert.deepEqual(Array.from(sortScores(a)), want, `n=${n}`);
  }
});

test('sortScores keeps float32 precision values exactly and sorts a subarray in place', () => {
  const big = new Float64Array(2000);
  for (let i = 0; i < big.length; i++) big[i] = Math.fround((i * 7919) % 2000) / 3 - 300;
  const view = big.subarray(500, 1500);
  const want = Array.from(view).sort((x, y) => x - y);
  sortScores(view);
  assert.deepEqual(Array.from(view), want);
  assert.deepEqual(Array.from(insertionSort(Float64Array.of(3, -1, 2, 0), 3)), [-1, 2, 3, 0]);
});
