import type { OpDef } from './op.js';

/** The runtime shape of a tensor (int64), for gradients of ops over the dynamic batch. */
export const shape: OpDef = {
  name: 'Shape',
  arity: [1, 1],
  infer: ([x]) => ({ shape: [x.shape.length], dtype: 'int64' }),
  ref: ([x]) => ({ shape: [x.shape.length], data: Float64Array.from(x.shape) }),
};
