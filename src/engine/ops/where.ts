import { broadcastShapes } from '../ir.js';
import { broadcastRef, type OpDef } from './op.js';

/** cond ? a : b, broadcast; the gradient goes to the branch that was taken. */
export const where: OpDef = {
  name: 'Where',
  arity: [3, 3],
  infer: ([c, a, b]) => ({ shape: [c.shape, a.shape, b.shape].reduce(broadcastShapes), dtype: a.dtype }),
  ref: (xs) => broadcastRef(xs, (c, a, b) => (c ? a : b)),
  grad: (g, n, dy) => {
    const zero = g.scalar(0);
    const c = n.inputs[0];
    return [null, g.op('Where', [c, dy, zero]), g.op('Where', [c, zero, dy])];
  },
  check: {
    inputs: [{ shape: [2, 3], dtype: 'bool', values: [1, 0, 0, 1, 1, 0] }, { shape: [2, 3] }, { shape: [3] }],
  },
};
