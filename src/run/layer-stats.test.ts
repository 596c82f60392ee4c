import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deadAndSaturated, flatRange } from './layer-stats.js';

/** Pre-activations of one layer: `values` is rows × units. */
function probe(values: number[][]): { pre: Float32Array; rows: number; units: number } {
  return { pre: Float32Array.from(values.flat()), rows: values.length, units: values[0].length };
}

test('dead means "no gradient for any probe sample", per activation', () => {
  const negative = probe([
    [-1, -6, 2],
    [-0.5, -8, 3],
  ]);
  assert.equal(deadAndSaturated(negative.pre, negative.rows, negative.units, 'relu').dead, 2 / 3);
  // leaky_relu below zero still has slope alpha: nothing is dead.
  assert.equal(deadAndSaturated(negative.pre, negative.rows, negative.units, 'leaky_relu').dead, 0);
  assert.equal(deadAndSaturated(negative.pre, negative.rows, negative.units, 'leaky_relu', 0.2).dead, 0);
  // ... unless alpha is so small that the slope is effectively zero.
  assert.equal(deadAndSaturated(negative.pre, negative.rows, negative.units, 'leaky_relu', 0).dead, 2 / 3);
  // elu: e^-1 is 37% of the slope, e^-6 is 0.25%: only the second unit is dead.
  assert.equal(deadAndSaturated(negative.pre, negative.rows, negative.units, 'elu').dead, 1 / 3);
  assert.equal(deadAndSaturated(negative.pre, negative.rows, negative.units, 'selu').dead, 1 / 3);
  assert.equal(deadAndSaturated(negative.pre, negative.rows, negative.units, 'linear').dead, 0);
});

test('flat regions are where the derivative is below 1% of its peak', () => {
  const tanh = flatRange('tanh');
  assert.ok(Math.abs(1 - Math.tanh(tanh.hi) ** 2 - 0.01) < 1e-12);
  const sig = flatRange('sigmoid');
  const s = 1 / (1 + Math.exp(-sig.hi));
  assert.ok(Math.abs(s * (1 - s) - 0.0025) < 1e-12);
  assert.equal(sig.lo, -sig.hi);
  const elu = flatRange('elu', 1);
  assert.ok(Math.abs(Math.exp(elu.lo) - 0.01) < 1e-12);
  const sat = probe([
    [0, 7, -2.5],
    [0.1, -7, 4],
  ]);
  // tanh: 7, −7 and 4 are flat (|x| > 2.99): 3 of 6 values; unit 2 flat on every sample.
  assert.deepEqual(deadAndSaturated(sat.pre, sat.rows, sat.units, 'tanh'), { dead: 1 / 3, saturated: 0.5 });
});
