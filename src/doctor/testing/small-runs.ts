/**
 * Small real training runs for the foreign-log tests: an MLP trained on ONNX Runtime (the
 * project's engine) on seeded multi-label data, with the weights, biases, gradients (Adam's
 * step direction is not needed: the last batch's gradient), activations and outputs captured
 * at every epoch — what another framework's logger would see. The faults are real training
 * faults, not edited numbers: a too-broad initialisation, a learning rate far too high, biases
 * that start dead, a layer whose parameters are put back after every step (frozen).
 */
import { createEngine } from '../../engine/index.js';
import type { Tensor32 } from '../../engine/types.js';
import { rocAuc } from '../../metrics/ranking.js';
import { createRng } from '../../model/rng.js';
import type { Activation, Initializer, ModelSpec, OptimizerSpec } from '../../model/spec.js';

export interface SmallData {
  x: Float32Array;
  y: Float32Array;
  rows: number;
  features: number;
  labels: number;
}

/**
 * Standardised Gaussian features; each label is 1 for the top 30% of a score mixing a linear
 * part and a product of two features (a non-linear part), so a network learns it well and
 * a constant output is at chance.
 */
export function smallData(rows: number, features: number, labels: number, seed: number): SmallData {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: rows * features }, () => rng.normal());
  const y = new Float32Array(rows * labels);
  for (let l = 0; l < labels; l++) {
    const u = Array.from({ length: features }, () => rng.normal());
    const [p, q] = [rng.int(features), rng.int(features)];
    const score = Array.from({ length: rows }, (_, r) => {
      let s = 0;
      for (let f = 0; f < features; f++) s += u[f] * x[r * features + f];
      return s / Math.sqrt(features) + 0.8 * x[r * features + p] * x[r * features + q] + 0.3 * rng.normal();
    });
    const cut = [...score].sort((a, b) => b - a)[Math.floor(0.3 * rows)];
    for (let r = 0; r < rows; r++) y[r * labels + l] = score[r] > cut ? 1 : 0;
  }
  return { x, y, rows, features, labels };
}

/** Share of trainSmall's rows it trains on; the rest are its validation rows. */
const TRAIN_SHARE = 0.8;

/**
 * Noisy annotations: flip each training label (the rows trainSmall trains on) with probability
 * `share`; the validation labels stay clean. A wide network first learns the signal, then
 * memorises the flips, and its validation ranking falls: overfitting that makes it worse.
 */
export function flipTrainingLabels(data: SmallData, share: number, seed: number): SmallData {
  const rng = createRng(seed);
  const y = data.y.slice();
  const n = Math.floor(TRAIN_SHARE * data.rows) * data.labels;
  for (let i = 0; i < n; i++) if (rng.next() < share) y[i] = 1 - y[i];
  return { ...data, y };
}

export interface SmallRunConfig {
  hidden: number[];
  activation?: Activation;
  kernelInit: Initializer;
  biasInit?: Initializer;
  optimizer: OptimizerSpec;
  epochs: number;
  batch?: number;
  /** Hidden layer (0-based) whose parameters are restored after every step. */
  frozenLayer?: number;
  seed?: number;
}

export interface Snapshot {
  /** Epochs completed (0 = before any update). */
  epoch: number;
  /** Per layer (hidden first, output last): weights [in × out], bias, last-batch gradient of the weights, activations on the probe batch. */
  layers: { weights: Float32Array; bias: Float32Array; gradient?: Float32Array; activations: Float32Array }[];
  /** Sigmoid outputs on the probe batch. */
  outputs: Float32Array;
  trainLoss: number;
  valLoss: number;
  aucMacro: number;
  aucMicro: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Train and capture a snapshot before training and after every epoch. */
export async function trainSmall(data: SmallData, c: SmallRunConfig): Promise<Snapshot[]> {
  const spec: ModelSpec = {
    inputs: data.features,
    outputs: data.labels,
    hidden: c.hidden.map((units) => ({
      units,
      activation: c.activation ?? 'relu',
      dropout: 0,
      kernelInit: c.kernelInit,
      biasInit: c.biasInit ?? { kind: 'zeros' },
    })),
    output: { kernelInit: c.kernelInit, biasInit: { kind: 'zeros' } },
    optimizer: c.optimizer,
    weightDecay: 0,
    clipNorm: 0,
  };
  const engine = await createEngine(spec, { seed: c.seed ?? 1, threads: 1 });
  const batch = c.batch ?? 64;
  const nTrain = Math.floor(TRAIN_SHARE * data.rows);
  const nVal = data.rows - nTrain;
  const F = data.features;
  const L = data.labels;
  const xVal = data.x.subarray(nTrain * F);
  const yVal = data.y.subarray(nTrain * L);
  const truth = { yTrue: Uint8Array.from(yVal), nRows: nVal, nLabels: L };
  const probeRows = 256;
  const probe = data.x.subarray(0, probeRows * F);
  const frozen = c.frozenLayer;
  const keep =
    frozen === undefined ? [] : engine.params().filter((p) => p.name.startsWith(`layer${frozen + 1}/`));
  const rng = createRng(c.seed ?? 1);
  const order = Array.from({ length: nTrain }, (_, i) => i);
  const xb = new Float32Array(batch * F);
  const yb = new Float32Array(batch * L);
  const out: Snapshot[] = [];
  let grads: Tensor32[] | undefined;
  let lossSum = 0;
  let lossN = 0;
  try {
    for (let epoch = 0; epoch <= c.epochs; epoch++) {
      if (epoch > 0) {
        for (let i = order.length - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          [order[i], order[j]] = [order[j], order[i]];
        }
        lossSum = 0;
        lossN = 0;
        for (let s = 0; s + batch <= nTrain; s += batch) {
          for (let b = 0; b < batch; b++) {
            const r = order[s + b];
            xb.set(data.x.subarray(r * F, r * F + F), b * F);
            yb.set(data.y.subarray(r * L, r * L + L), b * L);
          }
          const last = s + 2 * batch > nTrain;
          const step = await engine.trainStep(xb, yb, batch, { fetchGrads: last });
          if (last) grads = step.grads;
          lossSum += step.loss;
          lossN++;
          if (keep.length)
            engine.setParams(engine.params().map((p) => keep.find((k) => k.name === p.name) ?? p));
        }
      }
      out.push(await snapshot(epoch));
    }
  } finally {
    await engine.dispose();
  }
  return out;

  async function snapshot(epoch: number): Promise<Snapshot> {
    const params = engine.params();
    const fwd = await engine.forward(probe, probeRows, 'train', true);
    const val = await engine.forward(xVal, nVal, 'inference');
    const valLoss = await engine.evaluateLoss(xVal, yVal, nVal);
    const nLayers = c.hidden.length + 1;
    const layers = Array.from({ length: nLayers }, (_, i) => ({
      weights: params[2 * i].data,
      bias: params[2 * i + 1].data,
      ...(epoch > 0 && grads ? { gradient: grads[2 * i].data } : {}),
      activations: fwd.layers?.[i]?.post ?? new Float32Array(0),
    }));
    const auc = (avg: 'macro' | 'micro') => rocAuc(truth, val.logits, avg).value ?? Number.NaN;
    return {
      epoch,
      layers,
      outputs: fwd.logits.map(sigmoid),
      trainLoss: epoch === 0 ? valLoss : lossSum / Math.max(1, lossN),
      valLoss,
      aucMacro: auc('macro'),
      aucMicro: auc('micro'),
    };
  }
}
