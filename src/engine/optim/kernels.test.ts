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
import { flushPeriod } from './optimizer.js';

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

/** spmm and spmm_t_add in plain float32 arithmetic, entry by entry (the kernels' order). */
function sparseReference(
  w: Float32Array,
  units: number,
  rs: Int32Array,
  cols: Int32Array,
  vals: Float32Array,
  dh: Float32Array,
) {
  const rows = rs.length - 1;
  const out = new Float32Array(rows * units);
  const dw = new Float32Array(w.length).fill(0.25);
  const sum = new Float32Array(units);
  for (let r = 0; r < rows; r++) {
    for (let k = rs[r]; k < rs[r + 1]; k++)
      for (let u = 0; u < units; u++) {
        out[r * units + u] = Math.fround(out[r * units + u] + Math.fround(vals[k] * w[cols[k] * units + u]));
        dw[cols[k] * units + u] = Math.fround(
          dw[cols[k] * units + u] + Math.fround(vals[k] * dh[r * units + u]),
        );
      }
    for (let u = 0; u < units; u++) sum[u] = Math.fround(sum[u] + dh[r * units + u]);
  }
  return { out, dw, sum };
}

test('the sparse kernels (16-unit blocks, lanes of 4, the rest) give entry-by-entry float32 bits', () => {
  const rng = createRng(17);
  for (const units of [1, 3, 4, 7, 16, 21, 36, 256, 263]) {
    const inputs = 11;
    const rows = 6;
    const rs = new Int32Array(rows + 1);
    const cols: number[] = [];
    for (let r = 0; r < rows; r++) {
      // row 2 is empty; the others hold a random subset of columns
      if (r !== 2) for (let j = 0; j < inputs; j++) if (rng.next() < 0.4) cols.push(j);
      rs[r + 1] = cols.length;
    }
    const nnz = cols.length;
    const vals = Float32Array.from({ length: nnz }, () => rng.normal());
    const w = Float32Array.from({ length: inputs * units }, () => rng.normal());
    const dh = Float32Array.from({ length: rows * units }, () => rng.normal());
    // memory layout: w | dw | rowStart | cols | vals | out | dh | sum, each 16-byte aligned
    const sizes = [w.length, w.length, rows + 1, nnz, nnz, rows * units, rows * units, units];
    const at: number[] = [];
    let next = 0;
    for (const s of sizes) {
      at.push(next);
      next += Math.ceil((4 * s) / 16) * 16;
    }
    const state = createFlatState([Math.ceil(next / 4)], 0);
    const buf = state.memory.buffer;
    const f32 = (i: number) => new Float32Array(buf, at[i], sizes[i]);
    f32(0).set(w);
    f32(1).fill(0.25);
    new Int32Array(buf, at[2], rows + 1).set(rs);
    new Int32Array(buf, at[3], nnz).set(cols);
    f32(4).set(vals);
    f32(5).fill(Number.NaN); // the kernel must overwrite, not accumulate into, its output
    f32(6).set(dh);
    const k = state.kernels;
    k.spmm(at[0], units, at[2], at[3], at[4], rows, at[5]);
    k.spmm_t_add(at[1], units, at[2], at[3], at[4], rows, at[6], at[7]);
    const ref = sparseReference(w, units, rs, Int32Array.from(cols), vals, dh);
    assert.deepEqual(f32(5), ref.out, `spmm at ${units} units`);
    assert.deepEqual(f32(1), ref.dw, `spmm_t_add at ${units} units`);
    assert.deepEqual(f32(7), ref.sum, `column sums at ${units} units`);
    // without the sums the same pass leaves the sum buffer alone
    f32(7).fill(9);
    k.spmm_t_add(at[1], units, at[2], at[3], at[4], rows, at[6], -1);
    assert.ok(f32(7).every((v) => v === 9));
    k.add_row(at[5], units, rows, at[7]);
    assert.deepEqual(
      f32(5),
      ref.out.map((v) => Math.fround(v + 9)),
      `add_row at ${units} units`,
    );
  }
});

test('optimiser slots of a parameter without gradient never become denormal (every optimiser)', () => {
  assert.equal(flushPeriod([0.9, 0.999]), 86);
  assert.equal(flushPeriod([0]), Number.POSITIVE_INFINITY);
  for (const o of TEST_OPTIMIZERS) {
    const opt = optimizerFor(o);
    if (!opt.slots.length) continue;
    const state = createFlatState([64], opt.slots.length);
    state.params.fill(0.5);
    for (const s of state.slots) s.fill(1e-3);
    state.grads.fill(0);
    for (let t = 1; t <= 3000; t++) {
      opt.apply(state.kernels, state.at, t, 1e-3, 1);
      for (const s of state.slots)
        for (const v of s)
          assert.ok(v === 0 || Math.abs(v) >= 2 ** -126, `${JSON.stringify(o)} step ${t}: ${v}`);
    }
    // a slot decaying by r < 0.97 a step fell below 1e-30 long before step 3,000: it must be 0 now
    const fast = [o.kind === 'adam' ? o.beta1 : 1, 'momentum' in o ? (o.momentum ?? 0) : 0]
      .concat(o.kind === 'rmsprop' ? [o.rho] : [])
      .some((r) => r > 0 && r < 0.97);
    if (fast)
      assert.ok(
        state.slots.some((s) => s.every((v) => v === 0)),
        `${JSON.stringify(o)}: a slot was set to 0`,
      );
  }
});
