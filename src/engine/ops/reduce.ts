import type { Attrs, Graph, InferFn, Node } from '../ir.js';
import { type EmitCtx, type Emitted, type RefTensor, tensor } from './op.js';
import { unsqueezed } from './unsqueeze.js';

/** Shared by the Reduce* ops: attrs.axes (absent = all axes) and attrs.keepdims (default 1). */
export function reducedAxes(rank: number, attrs: Attrs): number[] {
  const axes = attrs.axes as number[] | undefined;
  return axes === undefined ? [...Array(rank).keys()] : axes.map((a) => (a < 0 ? a + rank : a));
}

export const reduceInfer: InferFn = ([x], attrs) => {
  const axes = reducedAxes(x.shape.length, attrs);
  const keep = attrs.keepdims ?? 1;
  const shape = keep
    ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d))
    : x.shape.filter((_, i) => !axes.includes(i));
  return { shape, dtype: x.dtype };
};

/** Fold f over the reduced axes (row-major), starting from 0. */
export function reduceRef(x: RefTensor, attrs: Attrs, f: (acc: number, v: number) => number): RefTensor {
  const axes = reducedAxes(x.shape.length, attrs);
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = tensor(kept);
  const idx = new Array<number>(x.shape.length).fill(0);
  for (let k = 0; k < x.data.length; k++) {
    let off = 0;
    for (let d = 0; d < kept.length; d++) off = off * kept[d] + (axes.includes(d) ? 0 : idx[d]);
    out.data[off] = f(out.data[off], x.data[k]);
    for (let d = x.shape.length - 1; d >= 0; d--) {
      if (++idx[d] < x.shape[d]) break;
      idx[d] = 0;
    }
  }
  const keep = attrs.keepdims ?? 1;
  return keep ? out : { shape: x.shape.filter((_, i) => !axes.includes(i)), data: out.data };
}

/** dy re-shaped so that it broadcasts against the reduced input. */
export function keptGrad(g: Graph, n: Node, dy: Node): Node {
  const x = n.inputs[0];
  if ((n.attrs.keepdims ?? 1) || n.attrs.axes === undefined) return dy;
  return g.op('Unsqueeze', [dy], { axes: reducedAxes(x.shape.length, n.attrs) });
}

/** dy broadcast to the input's (runtime) shape. */
export function expandedGrad(g: Graph, n: Node, dy: Node): Node {
  const x = n.inputs[0];
  return g.op('Expand', [keptGrad(g, n, dy), g.op('Shape', [x])], { shape: x.shape });
}

export function emitReduce(opType: string) {
  return (n: Node, ctx: EmitCtx): Emitted => ({
    opType,
    inputs:
      n.attrs.axes === undefined
        ? [ctx.name(n.inputs[0])]
        : [ctx.name(n.inputs[0]), ctx.int64s(n.attrs.axes as number[])],
    attrs: [{ name: 'keepdims', type: 'int', value: Number(n.attrs.keepdims ?? 1) }],
  });
}

export { unsqueezed };
