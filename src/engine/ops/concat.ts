import { type OpDef, tensor } from './op.js';

/** Join along attrs.axis (static sizes on that axis); each input's gradient is its slice of dy. */
export const concat: OpDef = {
  name: 'Concat',
  arity: [1, Number.POSITIVE_INFINITY],
  infer: (xs, attrs) => {
    const axis = Number(attrs.axis);
    const shape = [...xs[0].shape];
    shape[axis] = xs.reduce((s, x) => s + x.shape[axis], 0);
    return { shape, dtype: xs[0].dtype };
  },
  ref: (xs, attrs) => {
    const axis = Number(attrs.axis);
    const shape = [...xs[0].shape];
    shape[axis] = xs.reduce((s, x) => s + x.shape[axis], 0);
    const out = tensor(shape);
    const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
    const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    let k = 0;
    for (let o = 0; o < outer; o++)
      for (const x of xs) {
        const n = x.shape[axis] * inner;
        out.data.set(x.data.subarray(o * n, (o + 1) * n), k);
        k += n;
      }
    return out;
  },
  grad: (g, n, dy) => {
    const axis = Number(n.attrs.axis);
    let start = 0;
    return n.inputs.map((x) => {
      const end = start + x.shape[axis];
      const piece = g.op('Slice', [dy], { starts: [start], ends: [end], axes: [axis] });
      start = end;
      return piece;
    });
  },
  attrTypes: { axis: 'int' },
  check: { inputs: [{ shape: [2, 3] }, { shape: [2, 1] }, { shape: [2, 2] }], attrs: { axis: 1 } },
};
