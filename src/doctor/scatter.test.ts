import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../model/rng.js';
import { scatter } from './scatter.js';

test('scatter: a straight trend is no noise; independent noise gives back its σ', () => {
  assert.equal(scatter(Array.from({ length: 20 }, (_, i) => 0.9 - 0.01 * i)), 0);
  assert.equal(scatter([0.5, 0.4]), 0, 'too short to see a scatter');
  const rng = createRng(5);
  const sigma = 0.02;
  const noisy = Array.from({ length: 4000 }, (_, i) => 0.3 + 0.0001 * i + sigma * rng.normal());
  const s = scatter(noisy);
  assert.ok(Math.abs(s - sigma) < 0.1 * sigma, `σ ${s} for ${sigma}`);
});

test('scatter: one jump does not widen it (the median of the second differences)', () => {
  const rng = createRng(9);
  const base = Array.from({ length: 40 }, () => 0.4 + 0.005 * rng.normal());
  const jumped = base.map((v, i) => (i === 20 ? v + 1 : v));
  assert.ok(scatter(jumped) < 1.5 * scatter(base), `${scatter(jumped)} vs ${scatter(base)}`);
});
