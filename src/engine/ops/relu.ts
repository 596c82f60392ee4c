import { unary, wherePositive } from './op.js';

export const relu = unary(
  'Relu',
  (v) => Math.max(v, 0),
  (g, n, dy) => [wherePositive(g, n.inputs[0], dy, g.scalar(0))],
  { shape: [2, 3], gap: 0.1 },
);
