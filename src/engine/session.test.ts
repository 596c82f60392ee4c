import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUserError } from '../errors.js';
import { createRng } from '../model/rng.js';
import type { ModelSpec } from '../model/spec.js';
import { createEngine } from './engine.js';
import { createSession, Tensor } from './runtime.js';
import { tinySpec } from './testing.js';

/** A learnable toy: label j = [x · w_j > 0] for fixed random w_j. */
function toyProblem(spec: ModelSpec, rows: number, seed: number) {
  const rng = createRng(seed);
  const w = Float64Array.from({ length: spec.inputs * spec.outputs }, () => rng.normal());
  const x = Float32Array.from({ length: rows * spec.inputs }, () => rng.normal());
  const y = new Float32Array(rows * spec.outputs);
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < spec.outputs; j++) {
      let s = 0;
      for (let i = 0; i < spec.inputs; i++) s += x[r * spec.inputs + i] * w[i * spec.outputs + j];
      y[r * spec.outputs + j] = s > 0 ? 1 : 0;
    }
  return { x, y };
}

async function train(
  engine: Awaited<ReturnType<typeof createEngine>>,
  x: Float32Array,
  y: Float32Array,
  steps: number,
  batch: number,
) {
  const { inputs, outputs } = engine.spec;
  const rows = x.length / inputs;
  for (let s = 0; s < steps; s++) {
    const r = (s * batch) % (rows - batch + 1);
    await engine.trainStep(
      x.subarray(r * inputs, (r + batch) * inputs),
      y.subarray(r * outputs, (r + batch) * outputs),
      batch,
    );
  }
}

test('training learns a toy problem and the exported model reloads and matches forward', async () => {
  const spec = tinySpec({
    inputs: 8,
    hidden: [16, 8],
    outputs: 3,
    dropout: 0.1,
    optimizer: { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  });
  const { x, y } = toyProblem(spec, 512, 1);
  const engine = await createEngine(spec, { seed: 2, threads: 1 });
  const before = await engine.evaluateLoss(x, y, 512);
  await train(engine, x, y, 300, 32);
  const after = await engine.evaluateLoss(x, y, 512);
  assert.ok(after < 0.5 * before, `loss ${before} → ${after}`);

  const fwd = await engine.forward(x, 512, 'inference');
  const session = await createSession(engine.exportOnnx(), 1);
  assert.deepEqual(session.inputNames, ['features']);
  assert.deepEqual([...session.outputNames].sort(), ['logits', 'probabilities']);
  const out = await session.run({ features: new Tensor('float32', x, [512, spec.inputs]) });
  const logits = out.logits.data as Float32Array;
  const probs = out.probabilities.data as Float32Array;
  for (let i = 0; i < logits.length; i++) {
    assert.ok(Math.abs(logits[i] - fwd.logits[i]) < 1e-5, `logit ${i}`);
    assert.ok(Math.abs(probs[i] - 1 / (1 + Math.exp(-logits[i]))) < 1e-6, `probability ${i}`);
  }
  await session.release();
  await engine.dispose();
});

test('same seed and threads give an identical run; resuming from a checkpoint continues it exactly', async () => {
  const spec = tinySpec({ dropout: 0.5 });
  const { x, y } = toyProblem(spec, 64, 3);
  const a = await createEngine(spec, { seed: 7, threads: 1 });
  const b = await createEngine(spec, { seed: 7, threads: 1 });
  const c = await createEngine(spec, { seed: 8, threads: 1 });
  await train(a, x, y, 6, 16);
  await train(b, x, y, 3, 16);
  const resumed = await createEngine(spec, {
    seed: 7,
    threads: 1,
    params: b.params(),
    optimizerState: b.optimizerState(),
  });
  assert.equal(resumed.step, 3);
  // Continue at the same batch positions the uninterrupted run used.
  for (let s = 3; s < 6; s++) {
    const r = (s * 16) % (64 - 16 + 1);
    await resumed.trainStep(x.subarray(r * 4, (r + 16) * 4), y.subarray(r * 3, (r + 16) * 3), 16);
  }
  await train(c, x, y, 6, 16);
  const pa = a.params();
  const pr = resumed.params();
  pa.forEach((p, i) => {
    assert.deepEqual(pr[i].data, p.data, `${p.name} differs after resume`);
  });
  assert.deepEqual(
    resumed.optimizerState().slots.map((s) => s.data),
    a.optimizerState().slots.map((s) => s.data),
  );
  assert.notDeepEqual(c.params()[0].data, pa[0].data);
  for (const e of [a, b, c, resumed]) await e.dispose();
});

test('probes: per-layer pre/post activations, dropout only in train mode', async () => {
  const spec = tinySpec({ dropout: 0.5, hidden: [6] });
  const { x } = toyProblem(spec, 10, 4);
  const engine = await createEngine(spec, { seed: 1, threads: 1 });
  const inf = await engine.forward(x, 10, 'inference', true);
  assert.deepEqual(
    inf.layers!.map((l) => [l.name, l.units, l.pre.length, l.post.length]),
    [
      ['layer1', 6, 60, 60],
      ['output', 3, 30, 30],
    ],
  );
  const [kernel, bias] = engine.params();
  for (let r = 0; r < 10; r++)
    for (let j = 0; j < 6; j++) {
      let s = bias.data[j];
      for (let i = 0; i < 4; i++) s += x[r * 4 + i] * kernel.data[i * 6 + j];
      assert.ok(Math.abs(inf.layers![0].pre[r * 6 + j] - s) < 1e-5);
      assert.equal(inf.layers![0].post[r * 6 + j], Math.max(0, inf.layers![0].pre[r * 6 + j]));
    }
  inf.logits.forEach((z, i) => {
    assert.ok(Math.abs(inf.layers![1].post[i] - 1 / (1 + Math.exp(-z))) < 1e-6);
  });
  const tr = await engine.forward(x, 10, 'train', true);
  const post = tr.layers![0].post;
  const pre = tr.layers![0].pre;
  let dropped = 0;
  post.forEach((v, i) => {
    const relu = Math.max(0, pre[i]);
    if (relu > 0 && v === 0) dropped++;
    else assert.ok(Math.abs(v - 2 * relu) < 1e-5 || v === 0, 'kept units are scaled by 1/keep');
  });
  assert.ok(dropped > 0, 'some active units are dropped in train mode');
  await engine.dispose();
});

test('bad checkpoints and learning rates are user errors naming the tensor', async () => {
  const spec = tinySpec({});
  const engine = await createEngine(spec, { seed: 1, threads: 1 });
  const params = engine.params();
  params[0] = { ...params[0], shape: [5, 5], data: new Float32Array(25) };
  assert.throws(
    () => engine.setParams(params),
    (e: Error) => isUserError(e) && /layer1\/kernel has shape \[5,5\]/.test(e.message),
  );
  assert.throws(
    () => engine.setLearningRate(Number.NaN),
    (e: Error) => isUserError(e),
  );
  await assert.rejects(
    createEngine(spec, { seed: 1, optimizerState: { step: 2, slots: [] } }),
    /missing tensor layer1\/kernel\/m/,
  );
  await engine.dispose();
});
