import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downsample, Reservoir } from './downsample.js';

test('downsample keeps k items in order, always the last, deterministically', () => {
  const xs = Array.from({ length: 5000 }, (_, i) => i);
  const a = downsample(xs, 1000);
  assert.equal(a.length, 1000);
  assert.equal(a.at(-1), 4999);
  for (let i = 1; i < a.length; i++) assert.ok(a[i] > a[i - 1]);
  assert.deepEqual(downsample(xs, 1000), a);
  // spread over the whole series, not just its head
  assert.ok(a[500] > 1500 && a[500] < 3500, `median pick ${a[500]}`);
  assert.deepEqual(downsample([1, 2, 3], 10), [1, 2, 3]);
  assert.deepEqual(downsample([1, 2, 3], 0), [1, 2, 3]);
  assert.deepEqual(downsample([1, 2, 3], 1), [3]);
});

test('reservoir is bounded, keeps arrival order and the newest item', () => {
  const r = new Reservoir<number>(100);
  for (let i = 0; i < 10_000; i++) {
    r.add(i);
    assert.equal(r.values().at(-1), i);
  }
  const v = r.values();
  assert.equal(v.length, 100);
  assert.equal(r.totalSeen, 10_000);
  for (let i = 1; i < v.length; i++) assert.ok(v[i] > v[i - 1]);
  assert.ok(v[50] > 1000, 'older items get replaced');
  r.purgeFrom(5000, (x) => x);
  assert.ok(r.values().every((x) => x < 5000));
});
