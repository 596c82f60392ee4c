import { broadcastInfer, broadcastRef, type OpDef } from './op.js';

/** Elementwise max of two; the gradient goes to the larger (b on ties). */
export const max: OpDef = {
  name: 'Max',
  arity: [2, 2],
  infer: broadcastInfer,
  ref: (xs) => broadcastRef(xs, (a, b) => Math.max(a, b)),
  grad: (g, n, dy) => {
    const zero = g.scalar(0);
    const aWins = g.op('Greater', [n.inputs[0], n.inputs[1]]);
    return [g.op('Where', [aWins, dy, zero]), g.op('Where', [aWins, zero, dy])];
  },
  check: { inputs: [{ shape: [2, 3] }, { shape: [3] }] },
};
