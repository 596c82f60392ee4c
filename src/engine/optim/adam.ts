import type { Optimizer } from './optimizer.js';
import { lerp } from './optimizer.js';

/**
 * Adam as in PyTorch: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * p ← p − (lr/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε). The bias corrections arrive as scalars.
 */
export function adam(beta1: number, beta2: number, epsilon: number): Optimizer {
  return {
    slots: ['m', 'v'],
    scalarNames: ['adam_step_size', 'adam_inv_sqrt_bc2'],
    scalars: (t, lr) => [lr / (1 - beta1 ** t), 1 / Math.sqrt(1 - beta2 ** t)],
    update(g, p, grad, [m, v], [stepSize, invSqrtBc2]) {
      const m1 = lerp(g, beta1, m, 1 - beta1, grad);
      const v1 = lerp(g, beta2, v, 1 - beta2, g.op('Mul', [grad, grad]));
      const denom = g.op('Add', [g.op('Mul', [g.op('Sqrt', [v1]), invSqrtBc2]), g.scalar(epsilon)]);
      const step = g.op('Mul', [g.op('Div', [m1, denom]), stepSize]);
      return { param: g.op('Sub', [p, step]), slots: [m1, v1] };
    },
  };
}
