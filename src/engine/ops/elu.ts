import { unary, wherePositive } from './op.js';

/** x for x > 0, alpha·(eˣ − 1) otherwise; below zero the derivative is y + alpha. */
export const elu = unary(
  'Elu',
  (v) => v,
  (g, n, dy) => {
    const alpha = g.scalar(Number(n.attrs.alpha ?? 1));
    return [wherePositive(g, n.inputs[0], dy, g.op('Mul', [dy, g.op('Add', [n, alpha])]))];
  },
  undefined,
  {
    ref: ([x], attrs) => {
      const a = Number(attrs.alpha ?? 1);
      return { shape: x.shape, data: x.data.map((v) => (v > 0 ? v : a * Math.expm1(v))) };
    },
    attrTypes: { alpha: 'float' },
    check: { inputs: [{ shape: [2, 3], gap: 0.1 }], attrs: { alpha: 0.7 } },
  },
);
