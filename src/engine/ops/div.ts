import { broadcastInfer, broadcastRef, type OpDef } from './op.js';

/** d(a/b) = da/b − db·(a/b)/b. */
export const div: OpDef = {
  name: 'Div',
  arity: [2, 2],
  infer: broadcastInfer,
  ref: (xs) => broadcastRef(xs, (a, b) => a / b),
  grad: (g, n, dy) => {
    const b = n.inputs[1];
    return [g.op('Div', [dy, b]), g.op('Neg', [g.op('Div', [g.op('Mul', [dy, n]), b])])];
  },
  check: { inputs: [{ shape: [2, 3] }, { shape: [3], lo: 0.5, hi: 2 }] },
};
