import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import wabtInit from 'wabt';
import { createRng } from '../../model/rng.js';
import type { OptimizerSpec } from '../../model/spec.js';
import { emitOnnx } from '../emit.js';
import { createFlatState } from '../flat-state.js';
import type { Graph, Node } from '../ir.js';
import { newGraph } from '../ops/index.js';
import { createSession, Tensor } from '../runtime.js';
import { TEST_OPTIMIZERS } from '../testing.js';
import { optimizerFor } from './index.js';
import { KERNELS_WASM_BASE64 } from './kernels-wasm.js';

test('kernels-wasm.ts is kernels.wat assembled (run `npm run build:kernels` after editing the .wat)', async () => {
  const wat = readFileSync(new URL('../../../../src/engine/optim/kernels.wat', import.meta.url), 'utf8');
  const mod = (await wabtInit()).parseWat('kernels.wat', wat);
  mod.validate();
  assert.equal(Buffer.from(mod.toBinary({}).buffer).toString('base64'), KERNELS_WASM_BASE64);
});

/**
 * The update as ONNX ops, exactly as the train graph computed it before the fused kernels
 * (one elementwise op per arithmetic step): the kernels must give the same float32 bits.
 */
function graphUpdate(g: Graph, o: OptimizerSpec, p: Node, grad: Node, s: Node[], coef: number) {
  const c = (v: number) => g.scalar(v);
  const op = (name: string, ...xs: Node[]) => g.op(name, xs);
  const gr = op('Mul', grad, c(coef));
  if (o.kind === 'adam') {
    const t = 3;
    const sqrtBc2 = Math.sqrt(1 - o.beta2 ** t);
    const k = (o.lr * sqrtBc2) / (1 - o.beta1 ** t);
    const m = op('Add', s[0], op('Mul', op('Sub', gr, s[0]), c(1 - o.beta1)));
    const v = op('Add', s[1], op('Mul', op('Sub', op('Mul', gr, gr), s[1]), c(1 - o.beta2)));
    const den = op('Add', op('Sqrt', v), c(o.epsilon * sqrtBc2));
    return [op('Sub', p, op('Div', op('Mul', m, c(k)), den)), m, v];
  }
  if (o.kind === 'sgd') {
    if (!o.momentum) return [op('Sub', p, op('Mul', gr, c(o.lr)))];
    const b = op('Add', op('Mul', s[0], c(o.momentum)), gr);
    const d = o.nesterov ? op('Add', gr, op('Mul', b, c(o.momentum))) : b;
    return [op('Sub', p, op('Mul', d, c(o.lr))), b];
  }
  const sq = op('Add', op('Mul', s[0], c(o.rho)), op('Mul', op('Mul', gr, gr), c(1 - o.rho)));
  const q = op('Div', gr, op('Add', op('Sqrt', sq), c(o.epsilon)));
  if (!o.momentum) return [op('Sub', p, op('Mul', q, c(o.lr))), sq];
  const b = op('Add', op('Mul', s[1], c(o.momentum)), q);
  return [op('Sub', p, op('Mul', b, c(o.lr))), sq, b];
}

for (const o of TEST_OPTIMIZERS) {
  test(`fused ${JSON.stringify(o)} update gives the ONNX update graph's float32 bits`, async () => {
    const n = 1003; // not a multiple of 4: the padding must not leak
    const coef = 0.7;
    const opt = optimizerFor(o);
    const state = createFlatState([600, 403], opt.slots.length);
    const rng = createRng(3);
    const fill = (a: Float32Array, scale: number, positive = false) => {
      for (let i = 0; i < n; i++) a[i] = positive ? scale * rng.next() : scale * rng.normal();
    };
    fill(state.params, 1);
    fill(state.grads, 0.1);
    state.slots.forEach((s, i) => {
      fill(s, 0.01, opt.slots[i] === 'v' || opt.slots[i] === 'square_avg');
    });
    const g = newGraph();
    const p = g.input('p', [n]);
    const gr = g.input('g', [n]);
    const s = opt.slots.map((name) => g.input(name, [n]));
    graphUpdate(g, o, p, gr, s, coef).forEach((node, i) => {
      g.output(`out${i}`, node);
    });
    const session = await createSession(emitOnnx(g), 1);
    const feeds: Record<string, Tensor> = {
      p: new Tensor('float32', state.params.slice(0, n), [n]),
      g: new Tensor('float32', state.grads.slice(0, n), [n]),
    };
    opt.slots.forEach((name, i) => {
      feeds[name] = new Tensor('float32', state.slots[i].slice(0, n), [n]);
    });
    const expected = await session.run(feeds);
    await session.release();
    opt.apply(state.kernels, state.at, 3, o.lr, coef);
    const got = [state.params, ...state.slots];
    got.forEach((a, i) => {
      assert.deepEqual(a.subarray(0, n), expected[`out${i}`].data, `array ${i}`);
      assert.ok(
        a.subarray(n).every((v) => v === 0),
        'padding stays zero',
      );
    });
  });
}
