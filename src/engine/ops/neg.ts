import { unary } from './op.js';

export const neg = unary(
  'Neg',
  (v) => -v,
  (g, _n, dy) => [g.op('Neg', [dy])],
  { shape: [2, 3] },
);
