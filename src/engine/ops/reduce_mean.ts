import type { Graph, Node } from '../ir.js';
import { type OpDef, size } from './op.js';
import { emitReduce, expandedGrad, reducedAxes, reduceInfer, reduceRef } from './reduce.js';

/** Mean over axes; the gradient is dy spread evenly (the count may involve the dynamic batch). */
export const reduceMean: OpDef = {
  name: 'ReduceMean',
  arity: [1, 1],
  infer: reduceInfer,
  ref: ([x], attrs) => {
    const s = reduceRef(x, attrs, (a, v) => a + v);
    const count = x.data.length / s.data.length;
    return { shape: s.shape, data: s.data.map((v) => v / count) };
  },
  grad: (g, n, dy) => [g.op('Div', [expandedGrad(g, n, dy), count(g, n)])],
  emit: emitReduce('ReduceMean'),
  check: { inputs: [{ shape: [2, 3] }], attrs: { axes: [0], keepdims: 1 } },
};

function count(g: Graph, n: Node): Node {
  const x = n.inputs[0];
  const dims = reducedAxes(x.shape.length, n.attrs).map((a) => x.shape[a]);
  if (!dims.includes(-1)) return g.scalar(size(dims));
  const asFloat = (v: Node) => g.op('Cast', [g.op('Size', [v])], { to: 'float' });
  return g.op('Div', [asFloat(x), asFloat(n)]);
}
