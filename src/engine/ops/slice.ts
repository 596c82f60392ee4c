import type { Attrs } from '../ir.js';
import { type OpDef, tensor } from './op.js';

/** x[starts:ends] along attrs.axes (static, non-negative bounds); the gradient pads dy with zeros. */
export const slice: OpDef = {
  name: 'Slice',
  arity: [1, 1],
  infer: ([x], attrs) => ({ shape: sliced(x.shape, attrs), dtype: x.dtype }),
  ref: ([x], attrs) => {
    const shape = sliced(x.shape, attrs);
    const out = tensor(shape);
    const begin = x.shape.map(() => 0);
    (attrs.axes as number[]).forEach((a, i) => {
      begin[a] = (attrs.starts as number[])[i];
    });
    const idx = shape.map(() => 0);
    for (let k = 0; k < out.data.length; k++) {
      let off = 0;
      for (let d = 0; d < shape.length; d++) off = off * x.shape[d] + idx[d] + begin[d];
      out.data[k] = x.data[off];
      for (let d = shape.length - 1; d >= 0; d--) {
        if (++idx[d] < shape[d]) break;
        idx[d] = 0;
      }
    }
    return out;
  },
  grad: (g, n, dy) => {
    const x = n.inputs[0];
    const pads = new Array<number>(2 * x.shape.length).fill(0);
    (n.attrs.axes as number[]).forEach((a, i) => {
      pads[a] = (n.attrs.starts as number[])[i];
      pads[x.shape.length + a] = x.shape[a] - (n.attrs.ends as number[])[i];
    });
    return [g.op('Pad', [dy], { pads })];
  },
  emit: (n, ctx) => ({
    opType: 'Slice',
    inputs: [
      ctx.name(n.inputs[0]),
      ctx.int64s(n.attrs.starts as number[]),
      ctx.int64s(n.attrs.ends as number[]),
      ctx.int64s(n.attrs.axes as number[]),
    ],
    attrs: [],
  }),
  check: { inputs: [{ shape: [3, 4] }], attrs: { starts: [1], ends: [3], axes: [1] } },
};

function sliced(shape: number[], attrs: Attrs): number[] {
  const out = [...shape];
  (attrs.axes as number[]).forEach((a, i) => {
    out[a] = (attrs.ends as number[])[i] - (attrs.starts as number[])[i];
  });
  return out;
}
