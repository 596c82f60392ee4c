import { unary } from './op.js';

/** log(1 + eˣ), computed without overflow; its derivative is σ(x), exact at every x (no kink). */
export const softplus = unary(
  'Softplus',
  (v) => (v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v))),
  (g, n, dy) => [g.op('Mul', [dy, g.op('Sigmoid', [n.inputs[0]])])],
  { shape: [2, 3], lo: -6, hi: 6 },
);
