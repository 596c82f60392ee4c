import { unary } from './op.js';

/** tanh' = 1 − tanh². */
export const tanh = unary(
  'Tanh',
  Math.tanh,
  (g, n, dy) => [g.op('Mul', [dy, g.op('Sub', [g.scalar(1), g.op('Mul', [n, n])])])],
  { shape: [2, 3] },
);
