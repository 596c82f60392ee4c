import { type OpDef, size } from './op.js';

/** Reshape to the static attrs.shape (parameter-shaped tensors only: no batch dimension). */
export const reshape: OpDef = {
  name: 'Reshape',
  arity: [1, 1],
  infer: ([x], attrs) => {
    const shape = attrs.shape as number[];
    if (x.shape.includes(-1) || size(shape) !== size(x.shape))
      throw new Error(`Reshape: cannot reshape [${x.shape}] to [${shape}]`);
    return { shape, dtype: x.dtype };
  },
  ref: ([x], attrs) => ({ shape: attrs.shape as number[], data: x.data }),
  grad: (g, n, dy) => [g.op('Reshape', [dy], { shape: n.inputs[0].shape })],
  emit: (n, ctx) => ({
    opType: 'Reshape',
    inputs: [ctx.name(n.inputs[0]), ctx.int64s(n.attrs.shape as number[])],
    attrs: [],
  }),
  check: { inputs: [{ shape: [2, 3] }], attrs: { shape: [3, 2] } },
};
