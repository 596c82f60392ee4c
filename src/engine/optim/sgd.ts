import type { Optimizer } from './optimizer.js';
import { lerp } from './optimizer.js';

/**
 * SGD as in PyTorch (dampening 0): b ← μb + g; d = g + μb (Nesterov) or b; p ← p − lr·d.
 * Without momentum there is no slot and d = g.
 */
export function sgd(momentum: number, nesterov: boolean): Optimizer {
  return {
    slots: momentum ? ['momentum_buffer'] : [],
    scalarNames: ['sgd_lr'],
    scalars: (_t, lr) => [lr],
    update(g, p, grad, slots, [lr]) {
      if (!momentum) return { param: g.op('Sub', [p, g.op('Mul', [grad, lr])]), slots: [] };
      const b = lerp(g, momentum, slots[0], 1, grad);
      const d = nesterov ? lerp(g, 1, grad, momentum, b) : b;
      return { param: g.op('Sub', [p, g.op('Mul', [d, lr])]), slots: [b] };
    },
  };
}
