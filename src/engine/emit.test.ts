import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Tensor } from 'onnxruntime-node';
import { createRng } from '../model/rng.js';
import { emitOnnx } from './emit.js';
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
