import { unary } from './op.js';

/** d√x = 0.5/√x. */
export const sqrt = unary(
  'Sqrt',
  Math.sqrt,
  (g, n, dy) => [g.op('Div', [g.op('Mul', [dy, g.scalar(0.5)]), n])],
  { shape: [2, 3], lo: 0.2, hi: 3 },
);
