import { unary, wherePositive } from './op.js';

// ONNX's defaults, which are the SELU paper's constants as float32.
export const SELU_ALPHA = 1.6732631921768188;
export const SELU_GAMMA = 1.0507010221481323;

/** gamma·x for x > 0, gamma·alpha·(eˣ − 1) otherwise; below zero the derivative is y + gamma·alpha. */
export const selu = unary(
  'Selu',
  (v) => (v > 0 ? SELU_GAMMA * v : SELU_GAMMA * SELU_ALPHA * Math.expm1(v)),
  (g, n, dy) => {
    const ga = g.scalar(SELU_GAMMA * SELU_ALPHA);
    return [
      wherePositive(
        g,
        n.inputs[0],
        g.op('Mul', [dy, g.scalar(SELU_GAMMA)]),
        g.op('Mul', [dy, g.op('Add', [n, ga])]),
      ),
    ];
  },
  { shape: [2, 3], gap: 0.1 },
);
