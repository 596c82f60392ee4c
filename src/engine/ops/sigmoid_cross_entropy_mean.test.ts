import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Tensor } from 'onnxruntime-node';
import { createRng } from '../../model/rng.js';
import { gradients } from '../autodiff.js';
import { emitOnnx } from '../emit.js';
import { createSession } from '../runtime.js';
import { newGraph } from './index.js';

/** float64 mean(softplus(z) − z·y) and its gradient (σ(z) − y)/n, from float32 inputs. */
function expected(z: Float32Array, y: Float32Array): { loss: number; dz: Float64Array } {
  let sum = 0;
  const dz = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const v = z[i];
    sum += Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))) - v * y[i];
    dz[i] = (1 / (1 + Math.exp(-v)) - y[i]) / z.length;
  }
  return { loss: z.length ? sum / z.length : 0, dz };
}

// Label counts below, at and above the product group (32), a multiple of it and not (padding).
for (const [rows, labels] of [
  [3, 5],
  [4, 32],
  [2, 64],
  [5, 70],
  [3, 983],
  [1, 1],
  [0, 70],
]) {
  test(`ONNX Runtime's fused loss and gradient match float64 at ${rows}×${labels}, with huge and zero logits`, async () => {
    const g = newGraph();
    const z = g.input('z', [-1, labels]);
    const y = g.input('y', [-1, labels]);
    const loss = g.op('SigmoidCrossEntropyMean', [z, y]);
    const [dz] = gradients(g, loss, [z]);
    g.output('loss', loss);
    g.output('dz', dz!);
    const rng = createRng(rows * 1000 + labels);
    const n = rows * labels;
    // Mostly moderate logits, with saturated ones (±40, ±1e4) and exact zeros mixed in.
    const special = [0, -0, 40, -40, 1e4, -1e4, 88, -88];
    const zs = Float32Array.from({ length: n }, (_, i) =>
      i % 7 === 3 ? special[((i / 7) % special.length) | 0] : (rng.next() - 0.5) * 12,
    );
    const ys = Float32Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
    const session = await createSession(emitOnnx(g), 1);
    const out = await session.run({
      z: new Tensor('float32', zs, [rows, labels]),
      y: new Tensor('float32', ys, [rows, labels]),
    });
    await session.release();
    const want = expected(zs, ys);
    const got = (out.loss.data as Float32Array)[0];
    assert.ok(Number.isFinite(got), `loss ${got}`);
    assert.ok(
      Math.abs(got - want.loss) <= 2e-6 * Math.max(1, Math.abs(want.loss)),
      `loss ${got} vs ${want.loss}`,
    );
    const gz = out.dz.data as Float32Array;
    for (let i = 0; i < n; i++)
      assert.ok(
        Math.abs(gz[i] - want.dz[i]) <= 1e-6 / n + 1e-6 * Math.abs(want.dz[i]),
        `dz[${i}] ${gz[i]} vs ${want.dz[i]}`,
      );
  });
}

test('the fused loss needs matching label axes', () => {
  const g = newGraph();
  assert.throws(
    () => g.op('SigmoidCrossEntropyMean', [g.input('z', [-1, 4]), g.input('y', [-1, 5])]),
    /logits \[-1,4\] and labels \[-1,5\] must have the same shape/,
  );
  assert.throws(
    () => g.op('SigmoidCrossEntropyMean', [g.input('a', [2, 5]), g.input('b', [3, 5])]),
    /must have the same shape/,
  );
});
