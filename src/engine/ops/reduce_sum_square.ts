import type { OpDef } from './op.js';
import { emitReduce, keptGrad, reduceInfer, reduceRef } from './reduce.js';

/** Σx² in one kernel (norms, the L2 penalty); d = 2x·dy. */
export const reduceSumSquare: OpDef = {
  name: 'ReduceSumSquare',
  arity: [1, 1],
  infer: reduceInfer,
  ref: ([x], attrs) => reduceRef(x, attrs, (a, v) => a + v * v),
  grad: (g, n, dy) => [g.op('Mul', [keptGrad(g, n, dy), g.op('Mul', [n.inputs[0], g.scalar(2)])])],
  emit: emitReduce('ReduceSumSquare'),
  check: { inputs: [{ shape: [2, 3] }], attrs: { axes: [1], keepdims: 0 } },
};
