import { broadcastInfer, broadcastRef, type OpDef } from './op.js';

export const sub: OpDef = {
  name: 'Sub',
  arity: [2, 2],
  infer: broadcastInfer,
  ref: (xs) => broadcastRef(xs, (a, b) => a - b),
  grad: (g, _n, dy) => [dy, g.op('Neg', [dy])],
  check: { inputs: [{ shape: [1, 3] }, { shape: [2, 3] }] },
};
