/**
 * The matrix: healthy configurations × seeds and injected faults, per corpus set. A fault names
 * the cause the doctor must blame; healthy runs must not get a warning.
 */
import type { Cause } from '../../src/doctor/types.js';
import { referenceStds } from '../../src/model/initializers.js';
import type { TrainConfigInput } from '../../src/run/config.js';
import type { CorpusSet, DataFault } from './corpus.js';

export interface Case {
  /** `<set>/<config>[/seed]`: unique, also the run directory. */
  name: string;
  set: CorpusSet;
  /** Healthy configuration name or fault name. */
  config: string;
  kind: 'healthy' | 'fault';
  expect: Cause | null;
  train: TrainConfigInput;
  /** For data faults: the CSV to write first. */
  dataFault?: DataFault;
  /** Diagnose as if these config keys were unknown (a fault the user did not configure on purpose). */
  hide?: string[];
}

const HIDDEN = [256, 128, 64];

/**
 * Healthy: the inits, optimisers, dropout rates and widths people use, each with its usual
 * learning rate. Two seeds each.
 */
export const HEALTHY: Record<string, TrainConfigInput> = {
  'glorot-adam1e-3-dropout0.5': { init: 'glorot_uniform', lr: 1e-3, dropout: 0.5 },
  'he-adam1e-4': { init: 'he_uniform', lr: 1e-4 },
  'sgd-momentum-dropout0.3': {
    init: 'glorot_normal',
    optimizer: 'sgd',
    lr: 0.05,
    momentum: 0.9,
    dropout: 0.3,
    hidden: [128, 64],
  },
  'rmsprop-leaky-wide-dropout0.3': {
    init: 'he_normal',
    optimizer: 'rmsprop',
    activation: 'leaky_relu',
    lr: 3e-4,
    dropout: 0.3,
    hidden: [512, 64],
  },
};
export const SEEDS = [1, 2];

/** An init `k` times the He std for every layer (He is the recommended init for ReLU). */
function broadInit(k: number, inputs: number, outputs: number): TrainConfigInput {
  const sizes = [inputs, ...HIDDEN, outputs];
  const std = (i: number) => Number((k * referenceStds(sizes[i], sizes[i + 1]).he).toPrecision(3));
  return { init: HIDDEN.map((_, i) => `normal:${std(i)}`), outputInit: `normal:${std(HIDDEN.length)}` };
}

export interface FaultDef {
  expect: Cause;
  train?: (shape: { inputs: number; outputs: number; prevalence: number[] }) => TrainConfigInput;
  dataFault?: DataFault;
  hide?: string[];
  /** Must be found before the first update (the story). */
  atStart?: boolean;
}

export const FAULTS: Record<string, FaultDef> = {
  story: {
    expect: 'initialisation',
    train: () => ({ init: 'truncated_normal:1', dropout: 0.5, lr: 1e-4 }),
    atStart: true,
  },
  'init-3x-broad': { expect: 'initialisation', train: (s) => broadInit(3, s.inputs, s.outputs) },
  'init-10x-narrow': { expect: 'initialisation', train: (s) => broadInit(0.1, s.inputs, s.outputs) },
  'lr-10x-high': { expect: 'learning_rate_high', train: () => ({ lr: 1e-2 }) },
  'lr-500x-high': { expect: 'learning_rate_high', train: () => ({ lr: 0.5 }) },
  'inputs-x100': {
    expect: 'inputs',
    dataFault: { kind: 'scale', factor: 100 },
    train: () => ({ standardize: false }),
  },
  'bias-init-minus5': { expect: 'bias_initialisation', train: () => ({ biasInit: 'constant:-5' }) },
  // Frozen by mistake: the doctor is not told (as with a layer left out of a PyTorch optimiser).
  'frozen-layer2': { expect: 'frozen_layer', train: () => ({ freeze: 'layer2' }), hide: ['freeze'] },
  'label-at-chance': { expect: 'labels', dataFault: { kind: 'shuffle-label' } },
  'pos-weight-30x-balanced': {
    expect: 'loss_weighting',
    train: (s) => ({
      posWeight: s.prevalence.map((p) => Number((30 * (p > 0 ? (1 - p) / p : 1)).toPrecision(3))),
    }),
  },
};

/** Epochs for a budget of about `steps` optimiser steps, within [min, max]. */
export function epochsFor(
  trainRows: number,
  opts: { steps: number; min: number; max: number; batch?: number },
) {
  const perEpoch = Math.ceil((trainRows * 0.9) / (opts.batch ?? 128));
  return Math.max(opts.min, Math.min(opts.max, Math.ceil(opts.steps / perEpoch)));
}

export function casesFor(
  set: CorpusSet,
  shape: { inputs: number; outputs: number; prevalence: number[]; epochs: number },
  faultData: (f: DataFault) => { data: string; test?: string; labels: string },
): Case[] {
  const base: TrainConfigInput = {
    data: set.data,
    ...(set.test ? { test: set.test } : {}),
    ...(set.labels ? { labels: set.labels } : {}),
    hidden: HIDDEN,
    epochs: shape.epochs,
    probes: 'light',
    doctor: false,
  };
  const out: Case[] = [];
  for (const [name, cfg] of Object.entries(HEALTHY)) {
    for (const seed of SEEDS) {
      out.push({
        name: `${set.name}/${name}/seed${seed}`,
        set,
        config: name,
        kind: 'healthy',
        expect: null,
        train: { ...base, ...cfg, seed },
      });
    }
  }
  for (const [name, f] of Object.entries(FAULTS)) {
    const fd = f.dataFault ? faultData(f.dataFault) : undefined;
    const data = fd ? { data: fd.data, labels: fd.labels, ...(fd.test ? { test: fd.test } : {}) } : {};
    out.push({
      name: `${set.name}/${name}`,
      set,
      config: name,
      kind: 'fault',
      expect: f.expect,
      train: { ...base, ...data, ...(f.train?.(shape) ?? {}), seed: 1 },
      ...(f.dataFault ? { dataFault: f.dataFault } : {}),
      ...(f.hide ? { hide: f.hide } : {}),
    });
  }
  return out;
}
