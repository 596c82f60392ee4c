import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initialize, initStd } from './initializers.js';
import { createRng } from './rng.js';

function std(a: Float32Array): number {
  let m = 0;
  for (const v of a) m += v;
  m /= a.length;
  let s = 0;
  for (const v of a) s += (v - m) ** 2;
  return Math.sqrt(s / a.length);
}

test('truncated normal re-draws beyond 2 sigma and keeps the truncated std', () => {
  const w = initialize({ kind: 'truncated_normal', std: 1 }, 200_000, 294, 256, createRng(1));
  let maxAbs = 0;
  for (const v of w) maxAbs = Math.max(maxAbs, Math.abs(v));
  assert.ok(maxAbs <= 2, `max |w| ${maxAbs}`);
  assert.ok(Math.abs(std(w) - 0.8796) < 0.01, `std ${std(w)}`);
});

test('glorot, he and lecun presets have their variance-scaling std', () => {
  for (const kind of [
    'glorot_uniform',
    'glorot_normal',
    'he_uniform',
    'he_normal',
    'lecun_uniform',
    'lecun_normal',
  ] as const) {
    const w = initialize({ kind }, 294 * 256, 294, 256, createRng(2));
    const expected = initStd({ kind }, 294, 256);
    assert.ok(Math.abs(std(w) / expected - 1) < 0.03, `${kind}: ${std(w)} vs ${expected}`);
  }
});

test('the same seed gives the same weights', () => {
  const a = initialize({ kind: 'glorot_uniform' }, 100, 10, 10, createRng(7));
  const b = initialize({ kind: 'glorot_uniform' }, 100, 10, 10, createRng(7));
  assert.deepEqual(a, b);
});
