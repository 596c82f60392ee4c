import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Tensor } from 'onnxruntime-node';
import { createRng } from '../model/rng.js';
import { gradients } from './autodiff.js';
import { emitOnnx } from './emit.js';
import { weightedSigmoidCrossEntropy } from './model.js';
import { newGraph, OPS } from './ops/index.js';
import type { RefTensor } from './ops/op.js';
import { evaluate } from './reference.js';
import { createSession } from './runtime.js';
import { maxRelError, randomInput } from './testing.js';

function toOrt(t: RefTensor, dtype: string): Tensor {
  if (dtype === 'bool') return new Tensor('bool', Uint8Array.from(t.data), t.shape);
  if (dtype === 'int64')
    return new Tensor(
      'int64',
      BigInt64Array.from(t.data, (v) => BigInt(v)),
      t.shape,
    );
  return new Tensor('float32', Float32Array.from(t.data), t.shape);
}

/** Each op with a check example, emitted alone and run by ONNX Runtime, matches its float64 reference. */
for (const op of OPS) {
  if (!op.check) continue;
  test(`ONNX emission of ${op.name} matches its reference`, async () => {
    const rng = createRng(99);
    const g = newGraph();
    const feeds: Record<string, RefTensor> = {};
    const ortFeeds: Record<string, Tensor> = {};
    const inputs = op.check!.inputs.map((spec, i) => {
      const dtype = spec.dtype ?? 'float';
      feeds[`x${i}`] = randomInput(spec, rng);
      // Round float inputs to float32 first so both sides see the same numbers.
      if (dtype === 'float') feeds[`x${i}`].data = Float64Array.from(Float32Array.from(feeds[`x${i}`].data));
      ortFeeds[`x${i}`] = toOrt(feeds[`x${i}`], dtype);
      return g.input(`x${i}`, spec.shape, dtype);
    });
    const y = g.op(op.name, inputs, op.check!.attrs ?? {});
    g.output('y', y);
    const session = await createSession(emitOnnx(g), 1);
    const out = await session.run(ortFeeds);
    const expected = evaluate(g, feeds, [y])[0];
    assert.deepEqual([...out.y.dims], expected.shape);
    assert.ok(maxRelError(out.y.data as Float32Array, expected.data) < 1e-5, op.name);
    await session.release();
  });
}

test('ONNX Runtime computes the cross-entropy and its gradient stably: huge logits, z = 0, pos_weight', async () => {
  const g = newGraph();
  const z = g.input('z', [1, 6]);
  const y = g.input('y', [1, 6]);
  const w = [1, 1, 1, 2, 2, 1];
  const loss = g.op('ReduceSum', [weightedSigmoidCrossEntropy(g, z, y, w)], { keepdims: 0 });
  const [dz] = gradients(g, loss, [z]);
  g.output('loss', loss);
  g.output('dz', dz!);
  const session = await createSession(emitOnnx(g), 1);
  const zs = [1e4, -1e4, 0, 0, 100, -100];
  const ys = [0, 1, 1, 1, 0, 0];
  const out = await session.run({
    z: new Tensor('float32', Float32Array.from(zs), [1, 6]),
    y: new Tensor('float32', Float32Array.from(ys), [1, 6]),
  });
  // 1e4 + 1e4 + log 2 + 2·log 2 + 100 + 0
  const want = 2e4 + 3 * Math.LN2 + 100;
  assert.ok(Math.abs((out.loss.data as Float32Array)[0] - want) < 1e-2, `${out.loss.data[0]}`);
  assert.deepEqual(Array.from(out.dz.data as Float32Array), [1, -1, -0.5, -1, 1, 0]);
  await session.release();
});
