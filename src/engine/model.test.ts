import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../model/rng.js';
import { ACTIVATIONS, type ModelSpec, paramShapes } from '../model/spec.js';
import { gradients } from './autodiff.js';
import { buildForward, buildLoss, weightedSigmoidCrossEntropy } from './model.js';
import { newGraph } from './ops/index.js';
import type { RefTensor } from './ops/op.js';
import { evaluate } from './reference.js';
import { maxRelError, numericGradient, randomInput, tinySpec } from './testing.js';

const BATCH = 5;

/** Build forward + loss with a dynamic batch and random feeds (params, x, y, masks). */
function setup(spec: ModelSpec, seed: number) {
  const rng = createRng(seed);
  const g = newGraph();
  const feeds: Record<string, RefTensor> = {};
  const x = g.input('x', [-1, spec.inputs]);
  const y = g.input('y', [-1, spec.outputs]);
  feeds.x = randomInput({ shape: [BATCH, spec.inputs] }, rng);
  feeds.y = {
    shape: [BATCH, spec.outputs],
    data: Float64Array.from({ length: BATCH * spec.outputs }, () => (rng.next() < 0.4 ? 1 : 0)),
  };
  const params = paramShapes(spec).map((p) => {
    feeds[p.name] = randomInput({ shape: p.shape, lo: -0.8, hi: 0.8 }, rng);
    return g.input(p.name, p.shape);
  });
  const masks = spec.hidden.map((l, i) => {
    if (!l.dropout) return null;
    const keep = 1 - l.dropout;
    feeds[`mask${i}`] = {
      shape: [BATCH, l.units],
      data: Float64Array.from({ length: BATCH * l.units }, () => (rng.next() < keep ? 1 / keep : 0)),
    };
    return g.input(`mask${i}`, [-1, l.units]);
  });
  const fwd = buildForward(g, spec, x, params, masks);
  const loss = buildLoss(g, spec, fwd.logits, y, params);
  return { g, feeds, params, loss, fwd };
}

function checkNetwork(spec: ModelSpec, seed: number): void {
  const { g, feeds, params, loss } = setup(spec, seed);
  const grads = gradients(g, loss, params);
  const lossOf = () => evaluate(g, feeds, [loss])[0].data[0];
  params.forEach((p, i) => {
    const analytic = evaluate(g, feeds, [grads[i]!])[0];
    const numeric = numericGradient(lossOf, feeds[p.name as string].data);
    const err = maxRelError(analytic.data, numeric);
    assert.ok(err < 1e-6, `${p.name}: max rel error ${err}`);
  });
}

for (const activation of ACTIVATIONS) {
  test(`network gradients with ${activation} match finite differences`, () =>
    checkNetwork(tinySpec({ activation }), 11));
}

test('network gradients with dropout masks, pos_weight and weight decay match finite differences', () => {
  checkNetwork(tinySpec({ activation: 'elu', dropout: 0.5, posWeight: [1, 3, 0.5], weightDecay: 0.1 }), 12);
});

test('the loss is BCE-with-logits with pos_weight (PyTorch semantics) plus the L2 term', () => {
  const spec = tinySpec({ posWeight: [2, 0.5, 1], weightDecay: 0.05 });
  const { g, feeds, loss, fwd } = setup(spec, 13);
  const [l, z] = evaluate(g, feeds, [loss, fwd.logits]);
  const y = feeds.y.data;
  let expected = 0;
  for (let i = 0; i < z.data.length; i++) {
    const s = 1 / (1 + Math.exp(-z.data[i]));
    const pw = spec.posWeight![i % spec.outputs];
    expected -= pw * y[i] * Math.log(s) + (1 - y[i]) * Math.log(1 - s);
  }
  expected /= z.data.length;
  for (const p of paramShapes(spec))
    if (p.shape.length === 2) for (const w of feeds[p.name].data) expected += (0.05 / 2) * w * w;
  assert.ok(Math.abs(l.data[0] - expected) < 1e-12, `${l.data[0]} vs ${expected}`);
});

test('the loss stays finite for huge logits', () => {
  const g = newGraph();
  const z = g.input('z', [2]);
  const y = g.input('y', [2]);
  const spec = tinySpec({});
  const l = buildLoss(g, { ...spec, weightDecay: 0 }, z, y, []);
  const [v] = evaluate(
    g,
    { z: { shape: [2], data: Float64Array.of(1e4, -1e4) }, y: { shape: [2], data: Float64Array.of(0, 0) } },
    [l],
  );
  assert.ok(Math.abs(v.data[0] - 5000) < 1e-9, `${v.data[0]}`);
});

/** d(summed loss)/dz of the unweighted cross-entropy (the fused mean op, times n), via the IR's gradient rules. */
function ceGradient(z: number[], y: number[]): Float64Array {
  const g = newGraph();
  const zs = g.input('z', [z.length]);
  const ys = g.input('y', [y.length]);
  const mean = g.op('SigmoidCrossEntropyMean', [zs, ys]);
  const loss = g.op('Mul', [mean, g.scalar(z.length)]);
  const [dz] = gradients(g, loss, [zs]);
  const feeds = {
    z: { shape: [z.length], data: Float64Array.from(z) },
    y: { shape: [y.length], data: Float64Array.from(y) },
  };
  return evaluate(g, feeds, [dz!])[0].data;
}

test('the cross-entropy gradient is σ(z) − y exactly, also at z = 0 (no kink in the formulation)', () => {
  const z = [0, 0, -0, 2, -3, 40, -40];
  const y = [1, 0, 1, 1, 0, 0, 1];
  const dz = ceGradient(z, y);
  z.forEach((v, i) => {
    const want = 1 / (1 + Math.exp(-v)) - y[i];
    assert.ok(Math.abs(dz[i] - want) < 1e-15, `z=${v} y=${y[i]}: ${dz[i]} vs ${want}`);
  });
  assert.equal(dz[0], -0.5);
});

test('with pos_weight the gradient is (1 − y)·σ(z) − w·y·σ(−z), also at z = 0', () => {
  const z = [0, 0, 1.5, -2];
  const y = [1, 0, 1, 1];
  const w = [2, 2, 3, 0.5];
  const g = newGraph();
  // One label per element: pos_weight broadcasts over the last axis, so use a [1, 4] row.
  const zs = g.input('z', [1, 4]);
  const ys = g.input('y', [1, 4]);
  const loss = g.op('ReduceSum', [weightedSigmoidCrossEntropy(g, zs, ys, w)], { keepdims: 0 });
  const [dzNode] = gradients(g, loss, [zs]);
  const feeds = {
    z: { shape: [1, 4], data: Float64Array.from(z) },
    y: { shape: [1, 4], data: Float64Array.from(y) },
  };
  const dz = evaluate(g, feeds, [dzNode!])[0].data;
  const s = (v: number) => 1 / (1 + Math.exp(-v));
  z.forEach((v, i) => {
    const want = (1 - y[i]) * s(v) - w[i] * y[i] * s(-v);
    assert.ok(Math.abs(dz[i] - want) < 1e-15, `z=${v}: ${dz[i]} vs ${want}`);
  });
  assert.equal(dz[0], -1);
  assert.ok(ceGradient([0], [1]).every((v) => v === -0.5));
});
