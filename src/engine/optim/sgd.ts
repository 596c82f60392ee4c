import type { Optimizer } from './optimizer.js';

/**
 * SGD as in PyTorch (dampening 0): b ← μb + g; d = g + μb (Nesterov) or b; p ← p − lr·d.
 * Without momentum there is no slot and d = g.
 */
export function sgd(momentum: number, nesterov: boolean): Optimizer {
  return {
    slots: momentum ? ['momentum_buffer'] : [],
    apply(kernels, { p, g, slots, n4 }, _t, lr, coef) {
      if (!momentum) kernels.sgd(p, g, n4, lr, coef);
      else kernels.sgd_momentum(p, g, slots[0], n4, lr, momentum, nesterov ? 1 : 0, coef);
    },
  };
}
