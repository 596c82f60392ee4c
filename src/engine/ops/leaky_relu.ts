import { unary, wherePositive } from './op.js';

/** x for x > 0, alpha·x otherwise (ONNX default alpha 0.01). */
export const leakyRelu = unary(
  'LeakyRelu',
  (v) => v,
  (g, n, dy) => [
    wherePositive(g, n.inputs[0], dy, g.op('Mul', [dy, g.scalar(Number(n.attrs.alpha ?? 0.01))])),
  ],
  { shape: [2, 3], gap: 0.1 },
  {
    ref: ([x], attrs) => ({
      shape: x.shape,
      data: x.data.map((v) => (v > 0 ? v : Number(attrs.alpha ?? 0.01) * v)),
    }),
    attrTypes: { alpha: 'float' },
    check: { inputs: [{ shape: [2, 3], gap: 0.1 }], attrs: { alpha: 0.2 } },
  },
);
