/**
 * The resolved model specification: every knob of the story, in plain data. Users write the
 * short forms (`--hidden 256,128,64 --init glorot_uniform`); `resolveSpec` in resolve.ts turns
 * them into this shape, which the engine compiles and `trainscope.json` stores.
 */
export const ACTIVATIONS = ['relu', 'leaky_relu', 'elu', 'selu', 'tanh', 'sigmoid', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export type Initializer =
  | { kind: 'truncated_normal'; std: number; mean?: number }
  | { kind: 'normal'; std: number; mean?: number }
  | { kind: 'uniform'; limit: number }
  | {
      kind:
        | 'glorot_uniform'
        | 'glorot_normal'
        | 'he_uniform'
        | 'he_normal'
        | 'lecun_uniform'
        | 'lecun_normal'
        | 'zeros';
    }
  | { kind: 'constant'; value: number };

export interface LayerSpec {
  units: number;
  activation: Activation;
  /** Slope for negative inputs of leaky_relu, alpha of elu. */
  alpha?: number;
  /** Inverted-dropout rate applied to this layer's output during training (0 = none). */
  dropout: number;
  kernelInit: Initializer;
  biasInit: Initializer;
  /** Left out of training: its kernel and bias keep their initial values. */
  frozen?: boolean;
}

export type OptimizerSpec =
  | { kind: 'adam'; lr: number; beta1: number; beta2: number; epsilon: number }
  | { kind: 'sgd'; lr: number; momentum: number; nesterov: boolean }
  | { kind: 'rmsprop'; lr: number; rho: number; momentum: number; epsilon: number };

export interface ModelSpec {
  inputs: number;
  /** Number of labels: one sigmoid output each. */
  outputs: number;
  hidden: LayerSpec[];
  output: { kernelInit: Initializer; biasInit: Initializer; frozen?: boolean };
  /** Per-label positive weight of the sigmoid cross-entropy (length = outputs), or none. */
  posWeight?: number[];
  optimizer: OptimizerSpec;
  /** L2 penalty coefficient: loss += weightDecay/2 * sum of squared kernel weights. */
  weightDecay: number;
  /** Clip gradients by their global norm (0 = no clipping). */
  clipNorm: number;
}

/** Parameter names in order: layer{i}/kernel [in, out] and layer{i}/bias [out]; the output layer is last. */
export function paramShapes(
  spec: ModelSpec,
): { name: string; shape: [number] | [number, number]; layer: number }[] {
  const out: { name: string; shape: [number] | [number, number]; layer: number }[] = [];
  let fanIn = spec.inputs;
  const sizes = [...spec.hidden.map((l) => l.units), spec.outputs];
  sizes.forEach((units, i) => {
    const layer = i + 1;
    const prefix = layerName(spec, i);
    out.push({ name: `${prefix}/kernel`, shape: [fanIn, units], layer });
    out.push({ name: `${prefix}/bias`, shape: [units], layer });
    fanIn = units;
  });
  return out;
}

/** True when the layer of a parameter (paramShapes' 1-based `layer`) is left out of training. */
export function isFrozen(spec: ModelSpec, layer: number): boolean {
  return Boolean(layer <= spec.hidden.length ? spec.hidden[layer - 1].frozen : spec.output.frozen);
}

/** `layer1`, `layer2`, … for hidden layers and `output` for the last one. */
export function layerName(spec: ModelSpec, index: number): string {
  return index < spec.hidden.length ? `layer${index + 1}` : 'output';
}
