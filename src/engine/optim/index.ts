import type { OptimizerSpec } from '../../model/spec.js';
import { adam } from './adam.js';
import type { Optimizer } from './optimizer.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';

export function optimizerFor(spec: OptimizerSpec): Optimizer {
  switch (spec.kind) {
    case 'adam':
      return adam(spec.beta1, spec.beta2, spec.epsilon);
    case 'sgd':
      return sgd(spec.momentum, spec.nesterov);
    case 'rmsprop':
      return rmsprop(spec.rho, spec.momentum, spec.epsilon);
  }
}

export type { Optimizer };
