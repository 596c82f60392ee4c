import { unary } from './op.js';

export const log = unary('Log', Math.log, (g, n, dy) => [g.op('Div', [dy, n.inputs[0]])], {
  shape: [2, 3],
  lo: 0.2,
  hi: 3,
});
