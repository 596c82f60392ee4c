import { broadcastShapes } from '../ir.js';
import { broadcastRef, type OpDef, tensor } from './op.js';

/**
 * Broadcast x to the runtime shape given as second input (from a Shape node); attrs.shape is
 * the same shape statically (-1 = batch). The walker sums the gradient back to x's shape.
 */
export const expand: OpDef = {
  name: 'Expand',
  arity: [2, 2],
  infer: ([x], attrs) => ({ shape: broadcastShapes(x.shape, attrs.shape as number[]), dtype: x.dtype }),
  ref: ([x, s]) => broadcastRef([x, tensor(Array.from(s.data))], (a) => a),
  grad: (_g, _n, dy) => [dy, null],
  emit: (n, ctx) => ({ opType: 'Expand', inputs: n.inputs.map((i) => ctx.name(i)), attrs: [] }),
  check: {
    inputs: [{ shape: [3] }, { shape: [2], dtype: 'int64', values: [2, 3] }],
    attrs: { shape: [2, 3] },
  },
};
