import { unary } from './op.js';

export const exp = unary('Exp', Math.exp, (g, n, dy) => [g.op('Mul', [dy, n])], { shape: [2, 3] });
