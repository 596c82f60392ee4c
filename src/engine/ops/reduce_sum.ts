import type { OpDef } from './op.js';
import { emitReduce, expandedGrad, reduceInfer, reduceRef } from './reduce.js';

export const reduceSum: OpDef = {
  name: 'ReduceSum',
  arity: [1, 1],
  infer: reduceInfer,
  ref: ([x], attrs) => reduceRef(x, attrs, (a, v) => a + v),
  grad: (g, n, dy) => [expandedGrad(g, n, dy)],
  emit: emitReduce('ReduceSum'),
  check: { inputs: [{ shape: [2, 3, 2] }], attrs: { axes: [0, 2], keepdims: 0 } },
};
