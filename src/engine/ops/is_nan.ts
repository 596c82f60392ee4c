import type { OpDef } from './op.js';

/** Boolean x ≠ x: marks missing features for imputation in an exported model; not differentiable. */
export const isNan: OpDef = {
  name: 'IsNaN',
  arity: [1, 1],
  infer: ([x]) => ({ shape: x.shape, dtype: 'bool' }),
  ref: ([x]) => ({ shape: x.shape, data: x.data.map((v) => (Number.isNaN(v) ? 1 : 0)) }),
  grad: () => [null],
};
