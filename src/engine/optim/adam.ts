import { flushPeriod, flushSlots, type Optimizer } from './optimizer.js';

/**
 * Adam as in PyTorch: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * p ← p − (lr/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε), rewritten exactly as p ← p − k·m / (√v + ε̂) with
 * k = lr·√(1−β₂ᵗ)/(1−β₁ᵗ) and ε̂ = ε·√(1−β₂ᵗ) computed on the host each step: fewer passes.
 */
export function adam(beta1: number, beta2: number, epsilon: number): Optimizer {
  const period = flushPeriod([beta1, beta2]);
  return {
    slots: ['m', 'v'],
    apply(kernels, at, t, lr, coef) {
      const {
        p,
        g,
        slots: [m, v],
        n4,
      } = at;
      const sqrtBc2 = Math.sqrt(1 - beta2 ** t);
      const k = (lr * sqrtBc2) / (1 - beta1 ** t);
      kernels.adam(p, g, m, v, n4, 1 - beta1, 1 - beta2, k, epsilon * sqrtBc2, coef);
      flushSlots(kernels, at, t, period);
    },
  };
}
