import type { Rng } from '../model/rng.js';
import type { Activation, ModelSpec, OptimizerSpec } from '../model/spec.js';
import type { Node } from './ir.js';
import type { CheckInput, RefTensor } from './ops/op.js';

/** Helpers shared by the engine's tests (random inputs, central differences). */
export function randomInput(spec: CheckInput, rng: Rng): RefTensor {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  if (spec.values) return { shape: spec.shape, data: Float64Array.from(spec.values) };
  const lo = spec.lo ?? -2;
  const hi = spec.hi ?? 2;
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    do v = lo + (hi - lo) * rng.next();
    while (spec.gap !== undefined && Math.abs(v) < spec.gap);
    data[i] = v;
  }
  return { shape: spec.shape, data };
}

/** d f / d x by central differences, for every element of x (x is perturbed in place and restored). */
export function numericGradient(f: () => number, x: Float64Array, h = 1e-6): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    x[i] = v + h;
    const up = f();
    x[i] = v - h;
    const down = f();
    x[i] = v;
    out[i] = (up - down) / (2 * h);
  }
  return out;
}

/** Largest |a − b| / max(1, |b|). */
export function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

export type { Node };

/** A small MLP spec for tests: inputs → hidden… → outputs, Glorot init. */
export function tinySpec(opts: {
  inputs?: number;
  hidden?: number[];
  outputs?: number;
  activation?: Activation;
  dropout?: number;
  posWeight?: number[];
  weightDecay?: number;
  clipNorm?: number;
  optimizer?: OptimizerSpec;
}): ModelSpec {
  return {
    inputs: opts.inputs ?? 4,
    outputs: opts.outputs ?? 3,
    hidden: (opts.hidden ?? [5, 4]).map((units) => ({
      units,
      activation: opts.activation ?? 'relu',
      dropout: opts.dropout ?? 0,
      kernelInit: { kind: 'glorot_uniform' as const },
      biasInit: { kind: 'uniform' as const, limit: 0.1 },
    })),
    output: { kernelInit: { kind: 'glorot_uniform' }, biasInit: { kind: 'zeros' } },
    posWeight: opts.posWeight,
    optimizer: opts.optimizer ?? { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    weightDecay: opts.weightDecay ?? 0,
    clipNorm: opts.clipNorm ?? 0,
  };
}

/** Every optimiser variant the engine has (momentum, Nesterov, …), for tests that cover them all. */
export const TEST_OPTIMIZERS: OptimizerSpec[] = [
  { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  { kind: 'sgd', lr: 0.05, momentum: 0, nesterov: false },
  { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: false },
  { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true },
  { kind: 'rmsprop', lr: 0.01, rho: 0.9, momentum: 0, epsilon: 1e-7 },
  { kind: 'rmsprop', lr: 0.01, rho: 0.9, momentum: 0.5, epsilon: 1e-7 },
];
