import type { Optimizer } from './optimizer.js';
import { lerp } from './optimizer.js';

/**
 * RMSProp as in PyTorch (not centred): s ← ρs + (1−ρ)g², a = √s + ε;
 * with momentum μ: b ← μb + g/a, p ← p − lr·b; without: p ← p − lr·g/a.
 */
export function rmsprop(rho: number, momentum: number, epsilon: number): Optimizer {
  return {
    slots: momentum ? ['square_avg', 'momentum_buffer'] : ['square_avg'],
    scalarNames: ['rmsprop_lr'],
    scalars: (_t, lr) => [lr],
    update(g, p, grad, slots, [lr]) {
      const s = lerp(g, rho, slots[0], 1 - rho, g.op('Mul', [grad, grad]));
      const scaled = g.op('Div', [grad, g.op('Add', [g.op('Sqrt', [s]), g.scalar(epsilon)])]);
      if (!momentum) return { param: g.op('Sub', [p, g.op('Mul', [scaled, lr])]), slots: [s] };
      const b = lerp(g, momentum, slots[1], 1, scaled);
      return { param: g.op('Sub', [p, g.op('Mul', [b, lr])]), slots: [s, b] };
    },
  };
}
