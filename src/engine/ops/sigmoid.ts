import { unary } from './op.js';

/** σ' = σ(1 − σ). */
export const sigmoid = unary(
  'Sigmoid',
  (v) => 1 / (1 + Math.exp(-v)),
  (g, n, dy) => [g.op('Mul', [dy, g.op('Mul', [n, g.op('Sub', [g.scalar(1), n])])])],
  { shape: [2, 3] },
);
