import type { Dataset } from '../data/dataset.js';
import { gatherRows } from '../data/gather.js';
import type { Engine, LayerProbe, Tensor32 } from '../engine/types.js';
import { type LearningEvidence, labelPrevalence, learningEvidence } from '../metrics/evidence.js';
import { referenceStds } from '../model/initializers.js';
import { createRng, shuffle } from '../model/rng.js';
import { layerName, type ModelSpec } from '../model/spec.js';
import {
  deadAndSaturated,
  type InputScale,
  inputScale,
  type LayerActivation,
  outputSaturation,
  relativeChange,
  summarize,
} from '../run/layer-stats.js';
import { type EvidenceSplit, type EvidenceStat, type Mode, TAGS } from '../run/tags.js';
import type { Recorder } from './recorder-types.js';

/**
 * What gets recorded at a probe (step 0 and every epoch by default). `light` keeps the
 * scalars the doctor needs and drops the histograms; `full` records everything.
 */
export type ProbeLevel = 'none' | 'light' | 'full';

const HISTOGRAM_ROWS = 64;

export interface ProbeBatch {
  x: Float32Array;
  y: Uint8Array;
  rows: number;
  /** Each label's prevalence over all training rows: what the constant predictor answers. */
  prevalence: Float64Array;
}

export interface ProbeState {
  /** Parameters at the previous probe and at the start, for update ratios. */
  previous: Tensor32[] | null;
  initial: Tensor32[] | null;
}

/** The activation of layer i and its parameter (the output layer is a sigmoid). */
export function layerActivation(spec: ModelSpec, i: number): { act: LayerActivation; alpha?: number } {
  const l = spec.hidden[i];
  return l ? { act: l.activation, alpha: l.alpha } : { act: 'sigmoid_out' };
}

function recordParams(
  rec: Recorder,
  spec: ModelSpec,
  params: Tensor32[],
  state: ProbeState,
  step: number,
  level: ProbeLevel,
): void {
  params.forEach((p, idx) => {
    const layer = Math.floor(idx / 2);
    const L = layerName(spec, layer);
    const kind = p.shape.length === 2 ? 'weights' : 'biases';
    const s = summarize(p.data);
    if (level === 'full') rec.histogram(TAGS.param(L, kind), p.data, step);
    rec.scalar(TAGS.paramStat(L, kind, 'mean'), s.mean, step);
    rec.scalar(TAGS.paramStat(L, kind, 'std'), s.std, step);
    rec.scalar(TAGS.paramStat(L, kind, 'min'), s.min, step);
    rec.scalar(TAGS.paramStat(L, kind, 'max'), s.max, step);
    rec.scalar(TAGS.paramStat(L, kind, 'norm'), s.norm, step);
    if (kind === 'weights') {
      const ref = referenceStds(p.shape[0], p.shape[1]);
      rec.scalar(TAGS.stdVsGlorot(L), s.std / ref.glorot, step);
      rec.scalar(TAGS.stdVsHe(L), s.std / ref.he, step);
    }
    // Not recorded when undefined (relative to all-zero biases); NaN/Inf are recorded: they are evidence.
    const ratio = (base: Tensor32 | undefined) => (base ? relativeChange(p.data, base.data) : null);
    const update = ratio(state.previous?.[idx]);
    const sinceInit = ratio(state.initial?.[idx]);
    if (update !== null) rec.scalar(TAGS.updateRatio(L, kind), update, step);
    if (sinceInit !== null) rec.scalar(TAGS.changeSinceInit(L, kind), sinceInit, step);
  });
}

function recordForward(
  rec: Recorder,
  spec: ModelSpec,
  layers: LayerProbe[],
  rows: number,
  mode: Mode,
  step: number,
  level: ProbeLevel,
): void {
  layers.forEach((p, i) => {
    const L = p.name;
    const { act, alpha } = layerActivation(spec, i);
    if (level === 'full') {
      // Histograms from the first HISTOGRAM_ROWS rows: plenty for 30 buckets, a quarter of the
      // binning cost; the dead and saturated shares below use the whole probe batch.
      const n = Math.min(rows, HISTOGRAM_ROWS) * p.units;
      rec.histogram(TAGS.preactivations(L, mode), p.pre.subarray(0, n), step);
      if (L !== 'output') rec.histogram(TAGS.activations(L, mode), p.post.subarray(0, n), step);
    }
    rec.scalar(TAGS.preactivationStd(L, mode), summarize(p.pre).std, step);
    const { dead, saturated } = deadAndSaturated(p.pre, rows, p.units, act, alpha);
    rec.scalar(TAGS.deadFraction(L, mode), dead, step);
    rec.scalar(TAGS.saturatedFraction(L, mode), saturated, step);
  });
}

function recordOutputs(
  rec: Recorder,
  out: LayerProbe,
  batch: ProbeBatch,
  labelNames: readonly string[],
  bias: Float32Array,
  threshold: number,
  step: number,
  level: ProbeLevel,
): void {
  const { rows } = batch;
  const k = out.units;
  if (level === 'full') {
    rec.histogram(TAGS.logits('inference_mode'), out.pre, step);
    rec.histogram(TAGS.probabilities('inference_mode'), out.post, step);
  }
  const o = outputSaturation(out.pre, out.post);
  rec.scalar(TAGS.meanAbsLogit, o.meanAbsLogit, step);
  rec.scalar(TAGS.saturatedHigh, o.saturatedHigh, step);
  rec.scalar(TAGS.saturatedLow, o.saturatedLow, step);
  rec.scalar(TAGS.exactZeroOne, o.exactZeroOne, step);
  for (let j = 0; j < k; j++) {
    let pos = 0;
    let truth = 0;
    let s = 0;
    let sq = 0;
    for (let r = 0; r < rows; r++) {
      if (out.post[r * k + j] >= threshold) pos++;
      truth += batch.y[r * k + j];
      const z = out.pre[r * k + j];
      s += z;
      sq += z * z;
    }
    const mean = s / rows;
    const label = labelNames[j];
    rec.scalar(TAGS.positiveRate(label), pos / rows, step);
    rec.scalar(TAGS.prevalence(label), truth / rows, step);
    rec.scalar(TAGS.outputSpread(label), Math.sqrt(Math.max(0, sq / rows - mean * mean)), step);
    rec.scalar(TAGS.outputBias(label), bias[j], step);
  }
}

/** Learning evidence (inference mode) under the evidence/<split>/ tags. */
export function recordEvidence(
  rec: Recorder,
  split: EvidenceSplit,
  ev: LearningEvidence,
  labelNames: readonly string[],
  step: number,
): void {
  const put = (stat: EvidenceStat, v: number | null) => {
    if (v !== null && !Number.isNaN(v)) rec.scalar(TAGS.evidence(split, stat), v, step);
  };
  put('rows', ev.rows);
  put('loss_gain', ev.lossGain);
  put('loss_gain_se', ev.lossGainSe);
  put('auc_macro', ev.aucMacro);
  put('auc_macro_se', ev.aucMacroSe);
  put('auc_labels', ev.aucLabels);
  put('auc_micro', ev.aucMicro);
  put('auc_micro_constant', ev.aucMicroConstant);
  ev.perLabel.forEach((l, j) => {
    // The probe batch records its rates under output/ (recordOutputs); validation rows here.
    if (split === 'val') {
      rec.scalar(TAGS.evidencePositiveRate(split, labelNames[j]), l.positiveRate, step);
      rec.scalar(TAGS.evidencePrevalence(split, labelNames[j]), l.positives / ev.rows, step);
    }
    if (l.auc === null || l.se === null) return;
    rec.scalar(TAGS.evidenceAuc(split, labelNames[j]), l.auc, step);
    rec.scalar(TAGS.evidenceAucSe(split, labelNames[j]), l.se, step);
  });
}

/** The probe batch never changes, so its input scale is computed once. */
const inputScaleCache = new WeakMap<ProbeBatch, InputScale>();

function recordInputs(rec: Recorder, batch: ProbeBatch, nF: number, step: number): void {
  let s = inputScaleCache.get(batch);
  if (!s) {
    s = inputScale(batch.x, batch.rows, nF);
    inputScaleCache.set(batch, s);
  }
  rec.scalar(TAGS.inputRms, s.rms, step);
  rec.scalar(TAGS.inputMaxStd, s.maxStd, step);
  rec.scalar(TAGS.inputMaxAbsMean, s.maxAbsMean, step);
}

/** Record gradients (mean over the steps accumulated since the last probe). */
export function recordGradients(
  rec: Recorder,
  spec: ModelSpec,
  grads: Tensor32[],
  step: number,
  level: ProbeLevel,
): void {
  grads.forEach((g, idx) => {
    const L = layerName(spec, Math.floor(idx / 2));
    const kind = g.shape.length === 2 ? 'weights' : 'biases';
    if (level === 'full') rec.histogram(TAGS.gradient(L, kind), g.data, step);
    rec.scalar(TAGS.gradientNorm(L, kind), summarize(g.data).norm, step);
  });
}

/** One probe: parameters, a forward pass in each mode on the fixed probe batch, outputs. */
export async function runProbe(
  engine: Engine,
  rec: Recorder,
  batch: ProbeBatch,
  state: ProbeState,
  labelNames: readonly string[],
  threshold: number,
  step: number,
  level: ProbeLevel,
): Promise<void> {
  if (level === 'none') return;
  const spec = engine.spec;
  const params = engine.params();
  recordInputs(rec, batch, spec.inputs, step);
  recordParams(rec, spec, params, state, step, level);
  state.previous = params;
  if (!state.initial) state.initial = params;
  const inf = await engine.forward(batch.x, batch.rows, 'inference', true);
  // Without dropout, training mode computes exactly what inference mode does: reuse it.
  const dropout = spec.hidden.some((l) => l.dropout > 0);
  const tr = dropout ? await engine.forward(batch.x, batch.rows, 'train', true) : inf;
  const infLayers = inf.layers ?? [];
  recordForward(rec, spec, infLayers, batch.rows, 'inference_mode', step, level);
  recordForward(rec, spec, tr.layers ?? [], batch.rows, 'train_mode', step, level);
  if (level === 'full') rec.histogram(TAGS.logits('train_mode'), tr.logits, step);
  const out = infLayers[infLayers.length - 1];
  if (!out) return;
  recordOutputs(rec, out, batch, labelNames, params[params.length - 1].data, threshold, step, level);
  const ev = learningEvidence({
    logits: out.pre,
    yTrue: batch.y,
    nRows: batch.rows,
    nLabels: out.units,
    prevalence: batch.prevalence,
    posWeight: spec.posWeight,
    threshold,
  });
  recordEvidence(rec, 'probe', ev, labelNames, step);
}

/** The fixed probe batch: `size` training rows drawn once with the run's seed. */
export function probeBatchFrom(train: Dataset, size: number, seed: number): ProbeBatch {
  const rows = Math.min(size, train.nRows);
  const idx = shuffle(
    Uint32Array.from({ length: train.nRows }, (_, i) => i),
    createRng(seed ^ 0x5eed),
  ).subarray(0, rows);
  const x = new Float32Array(rows * train.nFeatures);
  const y = new Uint8Array(rows * train.nLabels);
  gatherRows(train, idx, x);
  idx.forEach((r, i) => {
    y.set(train.y.subarray(r * train.nLabels, (r + 1) * train.nLabels), i * train.nLabels);
  });
  return { x, y, rows, prevalence: labelPrevalence(train.y, train.nRows, train.nLabels) };
}
