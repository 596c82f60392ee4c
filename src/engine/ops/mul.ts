import { broadcastInfer, broadcastRef, type OpDef } from './op.js';

export const mul: OpDef = {
  name: 'Mul',
  arity: [2, 2],
  infer: broadcastInfer,
  ref: (xs) => broadcastRef(xs, (a, b) => a * b),
  grad: (g, n, dy) => [g.op('Mul', [dy, n.inputs[1]]), g.op('Mul', [dy, n.inputs[0]])],
  check: { inputs: [{ shape: [2, 3] }, { shape: [2, 1] }] },
};
