import type { OpDef } from './op.js';

/** The runtime element count of a tensor (int64 scalar). */
export const size: OpDef = {
  name: 'Size',
  arity: [1, 1],
  infer: () => ({ shape: [], dtype: 'int64' }),
  ref: ([x]) => ({ shape: [], data: Float64Array.of(x.data.length) }),
};
