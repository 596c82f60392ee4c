import { broadcastShapes } from '../ir.js';
import { broadcastRef, type OpDef } from './op.js';

/** Boolean a > b; not differentiable (it only selects branches in gradient rules). */
export const greater: OpDef = {
  name: 'Greater',
  arity: [2, 2],
  infer: ([a, b]) => ({ shape: broadcastShapes(a.shape, b.shape), dtype: 'bool' }),
  ref: (xs) => broadcastRef(xs, (a, b) => (a > b ? 1 : 0)),
  grad: () => [null, null],
};
