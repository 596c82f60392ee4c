import { broadcastInfer, broadcastRef, type OpDef } from './op.js';

export const add: OpDef = {
  name: 'Add',
  arity: [2, 2],
  infer: broadcastInfer,
  ref: (xs) => broadcastRef(xs, (a, b) => a + b),
  grad: (_g, _n, dy) => [dy, dy],
  check: { inputs: [{ shape: [2, 3] }, { shape: [3] }] },
};
