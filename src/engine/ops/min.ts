import { broadcastInfer, broadcastRef, type OpDef } from './op.js';

/** Elementwise min of two; the gradient goes to the smaller (b on ties). */
export const min: OpDef = {
  name: 'Min',
  arity: [2, 2],
  infer: broadcastInfer,
  ref: (xs) => broadcastRef(xs, (a, b) => Math.min(a, b)),
  grad: (g, n, dy) => {
    const zero = g.scalar(0);
    const aWins = g.op('Greater', [n.inputs[1], n.inputs[0]]);
    return [g.op('Where', [aWins, dy, zero]), g.op('Where', [aWins, zero, dy])];
  },
  check: { inputs: [{ shape: [2, 3] }, { shape: [2, 1] }] },
};
