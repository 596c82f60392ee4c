import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../model/rng.js';
import { gradients } from '../autodiff.js';
import { evaluate } from '../reference.js';
import { maxRelError, numericGradient, randomInput } from '../testing.js';
import { buildRegistry, newGraph, OPS } from './index.js';
import type { OpDef, RefTensor } from './op.js';

// Ops that only compute masks, shapes and counts: no float gradient to check.
const NO_CHECK = new Set(['Greater', 'IsNaN', 'Cast', 'Shape', 'Size']);

test('the registry rejects duplicate ops', () => {
  assert.throws(() => buildRegistry([OPS[0], OPS[0]]), /registered twice/);
});

test('every differentiable op has a gradient-check example', () => {
  for (const op of OPS) if (!NO_CHECK.has(op.name)) assert.ok(op.check, `${op.name} has no check example`);
});

/** Gradient of sum(op(x…) · w) for a fixed random w, via the IR and via central differences. */
function checkOp(op: OpDef): void {
  const rng = createRng(op.name.length * 7919 + op.name.charCodeAt(0));
  const check = op.check!;
  const g = newGraph();
  const feeds: Record<string, RefTensor> = {};
  const inputs = check.inputs.map((spec, i) => {
    feeds[`x${i}`] = randomInput(spec, rng);
    return g.input(`x${i}`, spec.shape, spec.dtype ?? 'float');
  });
  const y = g.op(op.name, inputs, check.attrs ?? {});
  const w = randomInput({ shape: y.shape }, rng);
  const loss = g.op('ReduceSum', [g.op('Mul', [y, g.constant(w.data, w.shape)])], { keepdims: 0 });
  const floatInputs = inputs.filter((n) => n.dtype === 'float');
  const grads = gradients(g, loss, floatInputs);
  const lossOf = () => evaluate(g, feeds, [loss])[0].data[0];
  floatInputs.forEach((x, i) => {
    const fed = feeds[x.name as string];
    const numeric = numericGradient(lossOf, fed.data);
    const gi = grads[i];
    const analytic = gi
      ? evaluate(g, feeds, [gi])[0]
      : { shape: x.shape, data: new Float64Array(fed.data.length) };
    assert.deepEqual(analytic.shape, fed.shape, `${op.name}: gradient shape of input ${i}`);
    const err = maxRelError(analytic.data, numeric);
    assert.ok(err < 1e-6, `${op.name} input ${i}: max rel error ${err}`);
  });
}

for (const op of OPS) {
  if (!op.check || !op.grad) continue;
  test(`gradient rule of ${op.name} matches float64 central differences`, () => checkOp(op));
}

test('the walker names ops that have no gradient rule and checks arity', () => {
  const g = newGraph();
  const x = g.input('x', [3]);
  const s = g.op('Cast', [g.op('Size', [x])], { to: 'float' });
  // Size has no rule but sits on no float path: x still gets its gradient through Mul.
  const loss = g.op('ReduceSum', [g.op('Mul', [g.op('Neg', [x]), s])], { keepdims: 0 });
  assert.ok(gradients(g, loss, [x])[0]);
  const real = (name: string) => OPS.find((o) => o.name === name)!;
  const noRule = (name: string) => (name === 'Neg' ? { ...real(name), grad: undefined } : real(name));
  assert.throws(() => gradients(g, loss, [x], noRule), /no gradient rule for Neg/);
  const badArity = (name: string) => (name === 'Mul' ? { ...real(name), grad: () => [null] } : real(name));
  assert.throws(() => gradients(g, loss, [x], badArity), /returned 1 entries for 2 inputs/);
});
