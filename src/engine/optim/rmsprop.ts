import { flushPeriod, flushSlots, type Optimizer } from './optimizer.js';

/**
 * RMSProp as in PyTorch (not centred): s ← ρs + (1−ρ)g², a = √s + ε;
 * with momentum μ: b ← μb + g/a, p ← p − lr·b; without: p ← p − lr·g/a.
 */
export function rmsprop(rho: number, momentum: number, epsilon: number): Optimizer {
  const period = flushPeriod([rho, momentum]);
  return {
    slots: momentum ? ['square_avg', 'momentum_buffer'] : ['square_avg'],
    apply(kernels, at, t, lr, coef) {
      const { p, g, slots, n4 } = at;
      // Without momentum the kernel never touches b; any offset will do.
      const b = momentum ? slots[1] : slots[0];
      kernels.rmsprop(p, g, slots[0], b, n4, lr, rho, 1 - rho, epsilon, momentum, momentum ? 1 : 0, coef);
      flushSlots(kernels, at, t, period);
    },
  };
}
