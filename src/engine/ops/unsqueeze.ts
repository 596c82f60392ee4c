import type { OpDef } from './op.js';

/** Insert size-1 axes (attrs.axes, positions in the output). */
export const unsqueeze: OpDef = {
  name: 'Unsqueeze',
  arity: [1, 1],
  infer: ([x], attrs) => ({ shape: unsqueezed(x.shape, attrs.axes as number[]), dtype: x.dtype }),
  ref: ([x], attrs) => ({ shape: unsqueezed(x.shape, attrs.axes as number[]), data: x.data }),
  grad: (g, n, dy) => [g.op('Squeeze', [dy], { axes: n.attrs.axes })],
  emit: (n, ctx) => ({
    opType: 'Unsqueeze',
    inputs: [ctx.name(n.inputs[0]), ctx.int64s(n.attrs.axes as number[])],
    attrs: [],
  }),
  check: { inputs: [{ shape: [2, 3] }], attrs: { axes: [1] } },
};

export function unsqueezed(shape: number[], axes: number[]): number[] {
  const out = [...shape];
  for (const a of [...axes].sort((p, q) => p - q)) out.splice(a, 0, 1);
  return out;
}
