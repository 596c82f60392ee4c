import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compressBuckets } from './distribution.js';

test('uniform buckets compress to evenly spaced basis points', () => {
  // 10 buckets of equal count over [0, 10]: the value at basis point b is b/1000
  const left = Array.from({ length: 10 }, (_, i) => i);
  const right = left.map((l) => l + 1);
  const count = left.map(() => 5);
  const v = compressBuckets(left, right, count);
  assert.equal(v.length, 9);
  assert.equal(v[0], 0);
  assert.equal(v[8], 10);
  assert.ok(Math.abs(v[4] - 5) < 1e-9, `median ${v[4]}`);
  assert.ok(Math.abs(v[1] - 0.668) < 1e-9);
  for (let i = 1; i < v.length; i++) assert.ok(v[i] >= v[i - 1]);
});

test('a single full bucket, and an empty histogram', () => {
  const v = compressBuckets([2], [4], [7]);
  assert.equal(v[4], 3);
  assert.deepEqual(compressBuckets([], [], []), [0, 0, 0, 0, 0, 0, 0, 0, 0]);
});
