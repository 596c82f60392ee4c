import { UserError } from '../errors.js';
import {
  ACTIVATIONS,
  type Activation,
  type Initializer,
  type LayerSpec,
  type ModelSpec,
  type OptimizerSpec,
} from './spec.js';

/**
 * One `get()` for every name a user can type: initialisers (`truncated_normal:1`, `glorot`,
 * `he_normal`, `constant:0.1`, …) and activations (`relu`, `leaky_relu:0.2`, …).
 */
const INIT_ALIASES: Record<string, string> = {
  truncnormal: 'truncated_normal',
  trunc_normal: 'truncated_normal',
  glorot: 'glorot_uniform',
  xavier: 'glorot_uniform',
  xavier_uniform: 'glorot_uniform',
  xavier_normal: 'glorot_normal',
  he: 'he_uniform',
  kaiming_uniform: 'he_uniform',
  kaiming_normal: 'he_normal',
  lecun: 'lecun_normal',
  zero: 'zeros',
};
const NAMED = [
  'glorot_uniform',
  'glorot_normal',
  'he_uniform',
  'he_normal',
  'lecun_uniform',
  'lecun_normal',
  'zeros',
] as const;
export const INIT_NAMES = ['truncated_normal:STD', 'normal:STD', 'uniform:LIMIT', 'constant:V', ...NAMED];

export function parseInit(text: string, field = 'init'): Initializer {
  const [rawName, arg, extra] = text.trim().toLowerCase().split(':');
  const name = INIT_ALIASES[rawName] ?? rawName;
  const num = (what: string, positive: boolean): number => {
    const v = Number(arg);
    if (
      arg === undefined ||
      arg === '' ||
      !Number.isFinite(v) ||
      (positive && v <= 0) ||
      extra !== undefined
    ) {
      throw new UserError(`${field}: '${text}' needs ${what}, e.g. '${name}:${positive ? '0.05' : '0.1'}'`);
    }
    return v;
  };
  switch (name) {
    case 'truncated_normal':
      return { kind: 'truncated_normal', std: num('a positive standard deviation', true) };
    case 'normal':
      return { kind: 'normal', std: num('a positive standard deviation', true) };
    case 'uniform':
      return { kind: 'uniform', limit: num('a positive limit', true) };
    case 'constant':
      return { kind: 'constant', value: num('a value', false) };
  }
  if ((NAMED as readonly string[]).includes(name)) {
    if (arg !== undefined) throw new UserError(`${field}: '${text}': ${name} takes no argument`);
    return { kind: name as (typeof NAMED)[number] };
  }
  throw new UserError(`${field}: unknown initialiser '${text}'; expected one of ${INIT_NAMES.join(', ')}`);
}

export function parseActivation(
  text: string,
  field = 'activation',
): { activation: Activation; alpha?: number } {
  const [name, arg] = text.trim().toLowerCase().split(':');
  const act = (
    name === 'leakyrelu' ? 'leaky_relu' : name === 'none' || name === 'identity' ? 'linear' : name
  ) as Activation;
  if (!ACTIVATIONS.includes(act)) {
    throw new UserError(`${field}: unknown activation '${text}'; expected one of ${ACTIVATIONS.join(', ')}`);
  }
  if (arg === undefined) return { activation: act };
  const alpha = Number(arg);
  if ((act !== 'leaky_relu' && act !== 'elu') || !Number.isFinite(alpha) || alpha < 0) {
    throw new UserError(
      `${field}: '${text}': only leaky_relu:ALPHA and elu:ALPHA take a non-negative parameter`,
    );
  }
  return { activation: act, alpha };
}

/** Expand a one-value-or-list knob to one value per hidden layer. */
function perLayer<T>(value: T | readonly T[], layers: number, field: string): T[] {
  if (!Array.isArray(value)) return Array.from({ length: layers }, () => value as T);
  if (value.length === 1) return Array.from({ length: layers }, () => value[0]);
  if (value.length !== layers) {
    throw new UserError(
      `${field}: got ${value.length} values for ${layers} hidden layers; give one value or one per layer`,
    );
  }
  return [...value];
}

/**
 * The model and optimiser knobs of a training configuration, as resolveSpec reads them. The run
 * contract's TrainConfig (run/config.ts) has these fields; the model room needs nothing else.
 */
export interface ModelKnobs {
  hidden: readonly number[];
  activation: string | readonly string[];
  dropout: number | readonly number[];
  init: string | readonly string[];
  biasInit: string;
  outputInit?: string;
  outputBiasInit?: string;
  optimizer: OptimizerSpec['kind'];
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  momentum: number;
  nesterov: boolean;
  rho: number;
  weightDecay: number;
  clipNorm: number;
  /** Layers left as initialised (`layer2`, `output`, 1-based numbers). */
  freeze?: string | readonly string[];
}

export function resolveOptimizer(c: ModelKnobs): OptimizerSpec {
  switch (c.optimizer) {
    case 'adam':
      return { kind: 'adam', lr: c.lr, beta1: c.beta1, beta2: c.beta2, epsilon: c.epsilon };
    case 'sgd':
      return { kind: 'sgd', lr: c.lr, momentum: c.momentum, nesterov: c.nesterov };
    case 'rmsprop':
      return { kind: 'rmsprop', lr: c.lr, rho: c.rho, momentum: c.momentum, epsilon: c.epsilon };
  }
}

/** `layer2`, `2`, `output` → 1-based layer numbers (the output layer is hidden + 1). */
export function parseFreeze(freeze: string | readonly string[] | undefined, hidden: number): Set<number> {
  const out = new Set<number>();
  if (freeze === undefined) return out;
  const names = [...Array.from({ length: hidden }, (_, i) => `layer${i + 1}`), 'output'];
  for (const raw of Array.isArray(freeze) ? freeze : [freeze]) {
    const t = raw.trim().toLowerCase();
    if (t === '' || t === 'none') continue;
    const i = /^\d+$/.test(t) ? Number(t) : names.indexOf(t) + 1;
    if (!(i >= 1 && i <= hidden + 1)) {
      throw new UserError(
        `freeze: '${raw}' is not a layer of this network (${names.join(', ')}, or 1–${hidden + 1})`,
      );
    }
    out.add(i);
  }
  if (out.size === hidden + 1) throw new UserError('freeze: every layer is frozen, nothing would train');
  return out;
}

/** Model knobs + data shape → the ModelSpec the engine compiles. posWeight must already be numbers. */
export function resolveSpec(c: ModelKnobs, inputs: number, outputs: number, posWeight?: number[]): ModelSpec {
  const n = c.hidden.length;
  const acts = perLayer(c.activation, n, 'activation').map((a) => parseActivation(a));
  const drops = perLayer(c.dropout, n, 'dropout');
  const inits = perLayer(c.init, n, 'init').map((i) => parseInit(i, 'init'));
  const biasInit = parseInit(c.biasInit, 'biasInit');
  const frozen = parseFreeze(c.freeze, n);
  const hidden: LayerSpec[] = c.hidden.map((units, i) => ({
    units,
    activation: acts[i].activation,
    ...(acts[i].alpha !== undefined ? { alpha: acts[i].alpha } : {}),
    dropout: drops[i],
    kernelInit: inits[i],
    biasInit,
    ...(frozen.has(i + 1) ? { frozen: true } : {}),
  }));
  if (posWeight && posWeight.length !== outputs) {
    throw new UserError(`posWeight: got ${posWeight.length} values for ${outputs} labels`);
  }
  return {
    inputs,
    outputs,
    hidden,
    output: {
      // The story initialised every layer, the output one too, with the same truncated normal.
      kernelInit: c.outputInit
        ? parseInit(c.outputInit, 'outputInit')
        : (inits[n - 1] ?? { kind: 'glorot_uniform' }),
      biasInit: c.outputBiasInit ? parseInit(c.outputBiasInit, 'outputBiasInit') : biasInit,
      ...(frozen.has(n + 1) ? { frozen: true } : {}),
    },
    ...(posWeight ? { posWeight } : {}),
    optimizer: resolveOptimizer(c),
    weightDecay: c.weightDecay,
    clipNorm: c.clipNorm,
  };
}
