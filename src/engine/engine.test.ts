import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../model/rng.js';
import { type ModelSpec, type OptimizerSpec, paramShapes } from '../model/spec.js';
import { gradients } from './autodiff.js';
import { createEngine } from './engine.js';
import { maskInputs } from './graphs.js';
import { fillMask, STEP_STREAM } from './masks.js';
import { buildForward, buildLoss } from './model.js';
import { newGraph } from './ops/index.js';
import type { RefTensor } from './ops/op.js';
import { evaluate } from './reference.js';
import { TEST_OPTIMIZERS, tinySpec } from './testing.js';
import type { Engine } from './types.js';

const BATCH = 8;

function batchData(spec: ModelSpec, seed: number, rows = BATCH) {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: rows * spec.inputs }, () => rng.normal());
  const y = Float32Array.from({ length: rows * spec.outputs }, () => (rng.next() < 0.35 ? 1 : 0));
  return { x, y };
}

/** Float64 loss and gradients of the IR for given params, masks and batch. */
function referenceLossAndGrads(
  spec: ModelSpec,
  params: Float64Array[],
  x: Float32Array,
  y: Float32Array,
  masks: Float32Array[],
  rows: number,
) {
  const g = newGraph();
  const xs = g.input('x', [-1, spec.inputs]);
  const ys = g.input('y', [-1, spec.outputs]);
  const shapes = paramShapes(spec);
  const ps = shapes.map((p) => g.input(p.name, p.shape));
  const mi = maskInputs(spec);
  const maskNodes = spec.hidden.map((_, i) => {
    const k = mi.findIndex((m) => m.index === i);
    return k < 0 ? null : g.input(`m${i}`, [-1, mi[k].units]);
  });
  const fwd = buildForward(g, spec, xs, ps, maskNodes);
  const loss = buildLoss(g, spec, fwd.logits, ys, ps);
  const grads = gradients(g, loss, ps) as NonNullable<ReturnType<typeof gradients>[number]>[];
  const feeds: Record<string, RefTensor> = {
    x: { shape: [rows, spec.inputs], data: Float64Array.from(x) },
    y: { shape: [rows, spec.outputs], data: Float64Array.from(y) },
  };
  shapes.forEach((p, i) => {
    feeds[p.name] = { shape: p.shape, data: params[i] };
  });
  mi.forEach((m, k) => {
    feeds[`m${m.index}`] = { shape: [rows, m.units], data: Float64Array.from(masks[k]) };
  });
  const [l, ...gs] = evaluate(g, feeds, [loss, ...grads]);
  return { loss: l.data[0], grads: gs.map((t) => t.data) };
}

/** Hand-written PyTorch-semantics updates in float64. */
function referenceUpdate(
  opt: OptimizerSpec,
  t: number,
  p: Float64Array,
  g: Float64Array,
  s: Float64Array[],
): void {
  for (let i = 0; i < p.length; i++) {
    if (opt.kind === 'adam') {
      s[0][i] = opt.beta1 * s[0][i] + (1 - opt.beta1) * g[i];
      s[1][i] = opt.beta2 * s[1][i] + (1 - opt.beta2) * g[i] * g[i];
      const mhat = s[0][i] / (1 - opt.beta1 ** t);
      const denom = Math.sqrt(s[1][i]) / Math.sqrt(1 - opt.beta2 ** t) + opt.epsilon;
      p[i] -= (opt.lr * mhat) / denom;
    } else if (opt.kind === 'sgd') {
      if (!opt.momentum) p[i] -= opt.lr * g[i];
      else {
        s[0][i] = opt.momentum * s[0][i] + g[i];
        p[i] -= opt.lr * (opt.nesterov ? g[i] + opt.momentum * s[0][i] : s[0][i]);
      }
    } else {
      s[0][i] = opt.rho * s[0][i] + (1 - opt.rho) * g[i] * g[i];
      const step = g[i] / (Math.sqrt(s[0][i]) + opt.epsilon);
      if (opt.momentum) {
        s[1][i] = opt.momentum * s[1][i] + step;
        p[i] -= opt.lr * s[1][i];
      } else p[i] -= opt.lr * step;
    }
  }
}

function clip(grads: Float64Array[], c: number): number {
  let sq = 0;
  for (const g of grads) for (const v of g) sq += v * v;
  const coef = Math.min(1, c / (Math.sqrt(sq) + 1e-6));
  for (const g of grads) for (let i = 0; i < g.length; i++) g[i] *= coef;
  return coef;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/**
 * One engine step on batch `batchSeed` against the float64 reference at the weights p64, with
 * the masks the engine draws (seed, step): the loss and the unclipped gradients must agree.
 */
async function checkStep(
  engine: Engine,
  spec: ModelSpec,
  p64: Float64Array[],
  seed: number,
  step: number,
  batchSeed: number,
) {
  const { x, y } = batchData(spec, batchSeed);
  const masks = maskInputs(spec).map((m) => {
    const buf = new Float32Array(BATCH * m.units);
    fillMask(buf, m.rate, seed, STEP_STREAM, step, m.index);
    return buf;
  });
  const ref = referenceLossAndGrads(spec, p64, x, y, masks, BATCH);
  const out = await engine.trainStep(x, y, BATCH, { fetchGrads: true });
  assert.ok(Math.abs(out.loss - ref.loss) < 1e-5 * Math.max(1, ref.loss), `loss ${out.loss} vs ${ref.loss}`);
  ref.grads.forEach((g, i) => {
    assert.ok(maxAbsDiff(out.grads![i].data, g) < 1e-5, `unclipped grad ${i}`);
  });
  return ref;
}

for (const optimizer of TEST_OPTIMIZERS) {
  const label = `${optimizer.kind}${'momentum' in optimizer ? ` momentum ${optimizer.momentum}` : ''}${'nesterov' in optimizer && optimizer.nesterov ? ' nesterov' : ''}`;
  test(`ORT train step (${label}, dropout, pos_weight, L2, clipping) matches the float64 reference for 3 steps`, async () => {
    const spec = tinySpec({
      activation: 'tanh',
      dropout: 0.3,
      posWeight: [2, 0.5, 1],
      weightDecay: 0.01,
      clipNorm: 0.05,
      optimizer,
    });
    const engine = await createEngine(spec, { seed: 5, threads: 1 });
    const p64 = engine.params().map((p) => Float64Array.from(p.data));
    const nSlots = engine.optimizerState().slots.length / p64.length;
    const s64 = p64.map((p) => Array.from({ length: nSlots }, () => new Float64Array(p.length)));
    for (let step = 0; step < 3; step++) {
      const ref = await checkStep(engine, spec, p64, 5, step, 100 + step);
      assert.ok(clip(ref.grads, spec.clipNorm) < 1, 'the test batch must actually be clipped');
      p64.forEach((p, i) => {
        referenceUpdate(optimizer, step + 1, p, ref.grads[i], s64[i]);
      });
      const got = engine.params();
      p64.forEach((p, i) => {
        const d = maxAbsDiff(got[i].data, p);
        assert.ok(d < 2e-5, `${got[i].name} after step ${step + 1}: ${d}`);
      });
    }
    assert.equal(engine.step, 3);
    await engine.dispose();
  });
}

test('ORT train step with the default loss (no pos_weight), 40 labels and a 70-unit layer matches the float64 reference', async () => {
  // 40 labels: the fused loss groups its log terms by 32 and pads; 70 units: the bias gradient
  // is emitted as a product with a ones vector (reduce_sum.ts).
  const spec = tinySpec({ inputs: 6, hidden: [70, 5], outputs: 40, dropout: 0.3 });
  const engine = await createEngine(spec, { seed: 7, threads: 1 });
  const p64 = engine.params().map((p) => Float64Array.from(p.data));
  for (let step = 0; step < 3; step++) {
    await checkStep(engine, spec, p64, 7, step, 300 + step);
    // continue from the engine's own weights: the reference checks one step at a time
    engine.params().forEach((p, i) => {
      p64[i].set(p.data);
    });
  }
  const rows = 5000;
  const { x, y } = batchData(spec, 9, rows);
  const noDropout = { ...spec, hidden: spec.hidden.map((l) => ({ ...l, dropout: 0 })) };
  const ref = referenceLossAndGrads(noDropout, p64, x, y, [], rows);
  const got = await engine.evaluateLoss(x, y, rows);
  assert.ok(Math.abs(got - ref.loss) < 1e-5 * ref.loss, `evaluateLoss ${got} vs ${ref.loss}`);
  await engine.dispose();
});

test('evaluateLoss is the inference-mode loss with the L2 term, over several chunks', async () => {
  const spec = tinySpec({ dropout: 0.5, weightDecay: 0.1, posWeight: [1, 2, 3] });
  const engine = await createEngine(spec, { seed: 9, threads: 1 });
  const rows = 5000; // more than one evaluation chunk
  const { x, y } = batchData(spec, 4, rows);
  const p64 = engine.params().map((p) => Float64Array.from(p.data));
  const noDropout = { ...spec, hidden: spec.hidden.map((l) => ({ ...l, dropout: 0 })) };
  const ref = referenceLossAndGrads(noDropout, p64, x, y, [], rows);
  const got = await engine.evaluateLoss(x, y, rows);
  assert.ok(Math.abs(got - ref.loss) < 1e-5 * ref.loss, `${got} vs ${ref.loss}`);
  engine.setLearningRate(0);
  await engine.trainStep(x, y, 16);
  assert.deepEqual(engine.params()[0].data, Float32Array.from(p64[0]), 'lr 0 leaves the weights alone');
  await engine.dispose();
});

test('a frozen layer keeps its initial parameters exactly while the others train (every optimiser)', async () => {
  for (const optimizer of TEST_OPTIMIZERS) {
    const base = tinySpec({ optimizer, weightDecay: 0.01, clipNorm: 1 });
    const spec = { ...base, hidden: base.hidden.map((l, i) => (i === 1 ? { ...l, frozen: true } : l)) };
    const engine = await createEngine(spec, { seed: 3, threads: 1 });
    const before = engine.params().map((p) => Float32Array.from(p.data));
    for (let step = 0; step < 3; step++) {
      const { x, y } = batchData(spec, 200 + step);
      await engine.trainStep(x, y, BATCH);
    }
    const after = engine.params();
    after.forEach((p, i) => {
      const frozen = p.name.startsWith('layer2/');
      if (frozen) assert.deepEqual(p.data, before[i], `${optimizer.kind}: ${p.name} moved`);
      else if (p.name.endsWith('kernel'))
        assert.ok(maxAbsDiff(p.data, before[i]) > 0, `${p.name} did not move`);
    });
    await engine.dispose();
  }
});
