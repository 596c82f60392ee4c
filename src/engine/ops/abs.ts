import { unary } from './op.js';

export const abs = unary('Abs', Math.abs, (g, n, dy) => [g.op('Mul', [dy, g.op('Sign', [n.inputs[0]])])], {
  shape: [2, 3],
  gap: 0.1,
});
