import { flushPeriod, flushSlots, type Optimizer } from './optimizer.js';

/**
 * SGD as in PyTorch (dampening 0): b ← μb + g; d = g + μb (Nesterov) or b; p ← p − lr·d.
 * Without momentum there is no slot and d = g.
 */
export function sgd(momentum: number, nesterov: boolean): Optimizer {
  const period = flushPeriod([momentum]);
  return {
    slots: momentum ? ['momentum_buffer'] : [],
    apply(kernels, at, t, lr, coef) {
      const { p, g, slots, n4 } = at;
      if (!momentum) kernels.sgd(p, g, n4, lr, coef);
      else kernels.sgd_momentum(p, g, slots[0], n4, lr, momentum, nesterov ? 1 : 0, coef);
      flushSlots(kernels, at, t, period);
    },
  };
}
