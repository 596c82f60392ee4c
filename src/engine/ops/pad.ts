import { type OpDef, tensor } from './op.js';

/** Zero-pad: attrs.pads = [begin per axis…, end per axis…] (ONNX order); the gradient slices dy. */
export const pad: OpDef = {
  name: 'Pad',
  arity: [1, 1],
  infer: ([x], attrs) => ({ shape: padded(x.shape, attrs.pads as number[]), dtype: x.dtype }),
  ref: ([x], attrs) => {
    const pads = attrs.pads as number[];
    const shape = padded(x.shape, pads);
    const out = tensor(shape);
    const idx = x.shape.map(() => 0);
    for (let k = 0; k < x.data.length; k++) {
      let off = 0;
      for (let d = 0; d < shape.length; d++) off = off * shape[d] + idx[d] + pads[d];
      out.data[off] = x.data[k];
      for (let d = x.shape.length - 1; d >= 0; d--) {
        if (++idx[d] < x.shape[d]) break;
        idx[d] = 0;
      }
    }
    return out;
  },
  grad: (g, n, dy) => {
    const x = n.inputs[0];
    const pads = n.attrs.pads as number[];
    const axes = x.shape.flatMap((_, a) => (pads[a] || pads[x.shape.length + a] ? [a] : []));
    const starts = axes.map((a) => pads[a]);
    const ends = axes.map((a) => pads[a] + x.shape[a]);
    return [axes.length ? g.op('Slice', [dy], { starts, ends, axes }) : dy];
  },
  emit: (n, ctx) => ({
    opType: 'Pad',
    inputs: [ctx.name(n.inputs[0]), ctx.int64s(n.attrs.pads as number[])],
    attrs: [],
  }),
  check: { inputs: [{ shape: [2, 3] }], attrs: { pads: [1, 0, 0, 2] } },
};

function padded(shape: number[], pads: number[]): number[] {
  return shape.map((d, a) => d + pads[a] + pads[shape.length + a]);
}
