import type { OpDef } from './op.js';

/** Remove size-1 axes (attrs.axes, positions in the input). */
export const squeeze: OpDef = {
  name: 'Squeeze',
  arity: [1, 1],
  infer: ([x], attrs) => ({ shape: squeezed(x.shape, attrs.axes as number[]), dtype: x.dtype }),
  ref: ([x], attrs) => ({ shape: squeezed(x.shape, attrs.axes as number[]), data: x.data }),
  grad: (g, n, dy) => [g.op('Unsqueeze', [dy], { axes: n.attrs.axes })],
  emit: (n, ctx) => ({
    opType: 'Squeeze',
    inputs: [ctx.name(n.inputs[0]), ctx.int64s(n.attrs.axes as number[])],
    attrs: [],
  }),
  check: { inputs: [{ shape: [2, 1, 3] }], attrs: { axes: [1] } },
};

function squeezed(shape: number[], axes: number[]): number[] {
  for (const a of axes) if (shape[a] !== 1) throw new Error(`Squeeze: axis ${a} of [${shape}] is not 1`);
  return shape.filter((_, i) => !axes.includes(i));
}
