import type { Rng } from './rng.js';
import type { Activation, Initializer } from './spec.js';

/**
 * Named initialisers are presets of one variance-scaling rule (as in Keras): a scale, a fan
 * mode and a distribution. Truncated normals follow TensorFlow: values beyond 2σ are re-drawn,
 * and the variance-scaling ones divide σ by 0.8796 so the truncated result keeps the variance.
 */
type Fan = 'in' | 'out' | 'avg';
const PRESETS: Record<string, { scale: number; mode: Fan; dist: 'uniform' | 'truncated_normal' }> = {
  glorot_uniform: { scale: 1, mode: 'avg', dist: 'uniform' },
  glorot_normal: { scale: 1, mode: 'avg', dist: 'truncated_normal' },
  he_uniform: { scale: 2, mode: 'in', dist: 'uniform' },
  he_normal: { scale: 2, mode: 'in', dist: 'truncated_normal' },
  lecun_uniform: { scale: 1, mode: 'in', dist: 'uniform' },
  lecun_normal: { scale: 1, mode: 'in', dist: 'truncated_normal' },
};
const TRUNC_STD_CORRECTION = 0.8796256610342398; // std of a standard normal truncated to ±2

function fan(mode: Fan, fanIn: number, fanOut: number): number {
  return mode === 'in' ? fanIn : mode === 'out' ? fanOut : (fanIn + fanOut) / 2;
}

function truncatedNormal(rng: Rng, mean: number, std: number): number {
  for (;;) {
    const z = rng.normal();
    if (Math.abs(z) <= 2) return mean + std * z;
  }
}

/** Fill a new array of `size` values drawn from `init` for a layer with the given fans. */
export function initialize(
  init: Initializer,
  size: number,
  fanIn: number,
  fanOut: number,
  rng: Rng,
): Float32Array {
  const out = new Float32Array(size);
  switch (init.kind) {
    case 'zeros':
      return out;
    case 'constant':
      return out.fill(init.value);
    case 'uniform':
      for (let i = 0; i < size; i++) out[i] = (2 * rng.next() - 1) * init.limit;
      return out;
    case 'normal':
      for (let i = 0; i < size; i++) out[i] = (init.mean ?? 0) + init.std * rng.normal();
      return out;
    case 'truncated_normal':
      for (let i = 0; i < size; i++) out[i] = truncatedNormal(rng, init.mean ?? 0, init.std);
      return out;
    default: {
      const p = PRESETS[init.kind];
      const variance = p.scale / Math.max(1, fan(p.mode, fanIn, fanOut));
      if (p.dist === 'uniform') {
        const limit = Math.sqrt(3 * variance);
        for (let i = 0; i < size; i++) out[i] = (2 * rng.next() - 1) * limit;
      } else {
        const std = Math.sqrt(variance) / TRUNC_STD_CORRECTION;
        for (let i = 0; i < size; i++) out[i] = truncatedNormal(rng, 0, std);
      }
      return out;
    }
  }
}

/** The standard deviation an initialiser gives (before any training), for comparisons. */
export function initStd(init: Initializer, fanIn: number, fanOut: number): number {
  switch (init.kind) {
    case 'zeros':
    case 'constant':
      return 0;
    case 'uniform':
      return init.limit / Math.sqrt(3);
    case 'normal':
      return init.std;
    case 'truncated_normal':
      return init.std * TRUNC_STD_CORRECTION;
    default: {
      const p = PRESETS[init.kind];
      return Math.sqrt(p.scale / Math.max(1, fan(p.mode, fanIn, fanOut)));
    }
  }
}

/** Reference standard deviations for a layer: what Glorot, He and LeCun would choose. */
export function referenceStds(fanIn: number, fanOut: number): { glorot: number; he: number; lecun: number } {
  return {
    glorot: Math.sqrt(2 / (fanIn + fanOut)),
    he: Math.sqrt(2 / fanIn),
    lecun: Math.sqrt(1 / fanIn),
  };
}

/** The initialiser that suits an activation: He for the ReLU family, LeCun for SELU, Glorot otherwise. */
export function recommendedInit(activation: Activation): Initializer {
  if (activation === 'relu' || activation === 'leaky_relu' || activation === 'elu')
    return { kind: 'he_uniform' };
  if (activation === 'selu') return { kind: 'lecun_normal' };
  return { kind: 'glorot_uniform' };
}

export function formatInit(init: Initializer): string {
  switch (init.kind) {
    case 'truncated_normal':
    case 'normal':
      return `${init.kind}:${init.std}`;
    case 'uniform':
      return `uniform:${init.limit}`;
    case 'constant':
      return `constant:${init.value}`;
    default:
      return init.kind;
  }
}
