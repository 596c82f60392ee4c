/**
 * Writing captured training runs (small-runs.ts) as other frameworks' loggers would, with the
 * project's event writer: names, layouts, step axes and histogram bucketing of TF1 summaries,
 * Keras 3's callback and a PyTorch nn.Sequential logged by hand. None of these is a fixture
 * the doctor was tuned on.
 */
import { join } from 'node:path';
import type { Histogram } from '../../events/types.js';
import { createEventWriter, type EventWriter } from '../../events/writer.js';
import type { Snapshot } from './small-runs.js';

/**
 * TensorFlow's default histogram bucket limits (core/lib/histogram/histogram.cc): ±1e-12 growing
 * by 10% up to 1e20 on each side of 0, with ±DBL_MAX at the ends — 1,551 limits.
 */
export function tfDefaultLimits(): Float64Array {
  const pos: number[] = [];
  for (let v = 1e-12; v < 1e20; v *= 1.1) pos.push(v);
  const neg = pos.map((x) => -x).reverse();
  return Float64Array.from([-Number.MAX_VALUE, ...neg, 0, ...pos, Number.MAX_VALUE]);
}

const LIMITS = tfDefaultLimits();

/**
 * A HistogramProto as TF1's tf.summary.histogram writes it: counts over the default limits
 * (a value v falls in the first bucket whose limit exceeds it), then — unless `keepEmpty` —
 * every run of empty buckets collapsed into one (Histogram::EncodeToProto with
 * preserve_zero_buckets=false). With `keepEmpty`, all 1,551 buckets, as some writers keep them.
 */
export function tf1Histogram(values: ArrayLike<number>, keepEmpty = false): Histogram {
  const counts = new Float64Array(LIMITS.length);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    sumSquares += v * v;
    let lo = 0;
    let hi = LIMITS.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (LIMITS[mid] > v) hi = mid;
      else lo = mid + 1;
    }
    counts[lo]++;
  }
  const limits: number[] = [];
  const kept: number[] = [];
  for (let i = 0; i < counts.length; ) {
    let end = LIMITS[i];
    let c = counts[i];
    i++;
    if (!keepEmpty && c <= 0) {
      while (i < counts.length && counts[i] <= 0) {
        end = LIMITS[i];
        c = counts[i];
        i++;
      }
    }
    limits.push(end);
    kept.push(c);
  }
  return {
    min,
    max,
    num: values.length,
    sum,
    sumSquares,
    bucketLimits: Float64Array.from(limits),
    counts: Float64Array.from(kept),
  };
}

export type Style = 'tf1' | 'tf1-all-buckets' | 'keras3' | 'pytorch-sequential' | 'weights-only';

/** Write `snaps` into `dir` as `style` would; returns the run directory to hand to the doctor. */
export function writeConvention(dir: string, snaps: readonly Snapshot[], style: Style): string {
  switch (style) {
    case 'tf1':
    case 'tf1-all-buckets':
      return writeTf1(dir, snaps, style === 'tf1-all-buckets');
    case 'keras3':
      return writeKeras3(dir, snaps);
    case 'pytorch-sequential':
      return writePytorchSequential(dir, snaps);
    case 'weights-only':
      return writeWeightsOnly(dir, snaps);
  }
}

/** Like TF1's MNIST tutorial: `hidden1/weights`…, `softmax_linear/…`, global-step axis, a record before training, `eval/`-prefixed validation. */
function writeTf1(dir: string, snaps: readonly Snapshot[], keepEmpty: boolean): string {
  const w = createEventWriter(dir);
  const stepsPerEpoch = 37;
  for (const s of snaps) {
    const step = s.epoch * stepsPerEpoch;
    s.layers.forEach((l, i) => {
      const name = i === s.layers.length - 1 ? 'softmax_linear' : `hidden${i + 1}`;
      w.histogram(`${name}/weights`, tf1Histogram(l.weights, keepEmpty), step);
      w.histogram(`${name}/biases`, tf1Histogram(l.bias, keepEmpty), step);
      if (i < s.layers.length - 1)
        w.histogram(`${name}/activations`, tf1Histogram(l.activations, keepEmpty), step);
    });
    if (s.epoch > 0) w.scalar('xentropy_mean', s.trainLoss, step);
    w.scalar('eval/xentropy_mean', s.valLoss, step);
    w.scalar('eval/auc', s.aucMacro, step);
  }
  w.close();
  return dir;
}

/** Keras 3's TensorBoard callback: RUN/train + RUN/validation, `dense_k/kernel/histogram`, epoch_* scalars, epochs from 0 after each. */
function writeKeras3(dir: string, snaps: readonly Snapshot[]): string {
  const train = createEventWriter(join(dir, 'train'));
  const val = createEventWriter(join(dir, 'validation'));
  for (const s of snaps.slice(1)) {
    const step = s.epoch - 1;
    s.layers.forEach((l, i) => {
      const name = i === 0 ? 'dense' : `dense_${i}`;
      train.histogram(`${name}/kernel/histogram`, l.weights, step);
      train.histogram(`${name}/bias/histogram`, l.bias, step);
    });
    train.scalar('epoch_loss', s.trainLoss, step);
    train.scalar('epoch_learning_rate', 1e-3, step);
    val.scalar('epoch_loss', s.valLoss, step);
    val.scalar('epoch_auc', s.aucMicro, step);
    val.scalar('evaluation_loss_vs_iterations', s.valLoss, step * 40);
  }
  train.close();
  val.close();
  return dir;
}

/** A PyTorch nn.Sequential logged by hand: `net.0.weight`, `net.2.weight`, … (ReLUs take the odd indices), grads, `train/loss`, `val/auc_macro`. */
function writePytorchSequential(dir: string, snaps: readonly Snapshot[]): string {
  const w: EventWriter = createEventWriter(dir);
  for (const s of snaps.slice(1)) {
    s.layers.forEach((l, i) => {
      const name = `net.${2 * i}`;
      w.histogram(`${name}.weight`, l.weights, s.epoch);
      w.histogram(`${name}.bias`, l.bias, s.epoch);
      if (l.gradient) w.histogram(`${name}.weight.grad`, l.gradient, s.epoch);
    });
    w.histogram('predictions', s.outputs, s.epoch);
    w.scalar('train/loss', s.trainLoss, s.epoch);
    w.scalar('val/loss', s.valLoss, s.epoch);
    w.scalar('val/auc_macro', s.aucMacro, s.epoch);
    w.scalar('val/auc_micro', s.aucMicro, s.epoch);
  }
  w.close();
  return dir;
}

/** Slim-style names with weights only (`fc1/W`), activations, output probabilities, a loss and no metric at all. */
function writeWeightsOnly(dir: string, snaps: readonly Snapshot[]): string {
  const w = createEventWriter(dir);
  for (const s of snaps) {
    s.layers.forEach((l, i) => {
      w.histogram(`fc${i + 1}/W`, l.weights, s.epoch);
      if (i < s.layers.length - 1) w.histogram(`fc${i + 1}/activations`, l.activations, s.epoch);
    });
    w.histogram('probs', s.outputs, s.epoch);
    if (s.epoch > 0) w.scalar('loss', s.trainLoss, s.epoch);
    w.scalar('val_loss', s.valLoss, s.epoch);
  }
  w.close();
  return dir;
}
