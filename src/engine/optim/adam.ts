import type { Optimizer } from './optimizer.js';
import { toward } from './optimizer.js';

/**
 * Adam as in PyTorch: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * p ← p − (lr/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε), rewritten exactly as p ← p − k·m / (√v + ε̂) with
 * k = lr·√(1−β₂ᵗ)/(1−β₁ᵗ) and ε̂ = ε·√(1−β₂ᵗ) computed on the host each step: fewer passes.
 */
export function adam(beta1: number, beta2: number, epsilon: number): Optimizer {
  return {
    slots: ['m', 'v'],
    scalarNames: ['adam_k', 'adam_eps_hat'],
    scalars: (t, lr) => {
      const sqrtBc2 = Math.sqrt(1 - beta2 ** t);
      return [(lr * sqrtBc2) / (1 - beta1 ** t), epsilon * sqrtBc2];
    },
    update(g, p, grad, [m, v], [k, epsHat]) {
      const m1 = toward(g, m, grad, 1 - beta1);
      const v1 = toward(g, v, g.op('Mul', [grad, grad]), 1 - beta2);
      const denom = g.op('Add', [g.op('Sqrt', [v1]), epsHat]);
      return { param: g.op('Sub', [p, g.op('Div', [g.op('Mul', [m1, k]), denom])]), slots: [m1, v1] };
    },
  };
}
