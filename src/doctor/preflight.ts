import type { Engine, Tensor32 } from '../engine/types.js';
import { TAGS } from '../events/tags.js';
import type { RunData } from '../events/types.js';
import { initStd, recommendedInit, referenceStds } from '../model/initializers.js';
import { type Activation, layerName, type ModelSpec } from '../model/spec.js';
import { flatRange } from '../train/probes.js';
import { inputScale } from '../train/stats.js';
import { diagnose } from './diagnose.js';
import type { Finding, RunContext } from './types.js';

/** One row of the preflight table: a layer's weights against the references, and its forward pass. */
export interface PreflightLayer {
  layer: string;
  fanIn: number;
  fanOut: number;
  activation: string;
  weightStd: number;
  /** The std of the initialiser recommended for the activation (He for ReLU, LeCun for SELU, Glorot otherwise). */
  referenceStd: number;
  glorotStd: number;
  ratioToReference: number;
  preactStd: number;
  /** preactStd / previous layer's preactStd (the inputs' RMS for the first layer). */
  growth: number;
  deadFraction: number;
  saturatedFraction: number;
}

export interface PreflightResult {
  layers: PreflightLayer[];
  input: { rms: number; maxStd: number; maxAbsMean: number };
  output: { meanAbsLogit: number; exactZeroOne: number; saturatedHigh: number; saturatedLow: number };
  /** Findings at step 0 (before any update), from the same rules as the live doctor. */
  findings: Finding[];
  /** The step-0 snapshot in the tag contract, as the recorder would write it. */
  history: RunData;
}

function act(a: Activation | 'sigmoid_out', z: number, alpha = 0.01): number {
  switch (a) {
    case 'relu':
      return Math.max(z, 0);
    case 'leaky_relu':
      return z > 0 ? z : alpha * z;
    case 'elu':
      return z > 0 ? z : (alpha || 1) * (Math.exp(z) - 1);
    case 'selu':
      return 1.0507009873554805 * (z > 0 ? z : 1.6732632423543772 * (Math.exp(z) - 1));
    case 'tanh':
      return Math.tanh(z);
    case 'sigmoid':
    case 'sigmoid_out':
      return 1 / (1 + Math.exp(-z));
    case 'linear':
      return z;
  }
}

function std(a: Float64Array): number {
  let s = 0;
  let q = 0;
  for (const v of a) {
    s += v;
    q += v * v;
  }
  const m = s / a.length;
  return Math.sqrt(Math.max(0, q / a.length - m * m));
}

/**
 * Check a model before its first update: weight scale per layer against Glorot/He/LeCun, one
 * inference-mode forward pass on the probe batch in float64 (pre-activation spread and growth
 * per layer, dead and saturated units, logit magnitude, float32-exact 0/1 outputs) and the
 * inputs' scale. The numbers go through the doctor's own rules, so preflight and the live
 * doctor agree. The engine is not needed: one pass on ≤ 512 rows in plain JS is simple and
 * independent of the code under suspicion.
 */
export function preflight(
  spec: ModelSpec,
  params: Tensor32[],
  probeX: Float32Array,
  nRows: number,
  _engine?: Engine,
  ctx: RunContext = {},
): PreflightResult {
  const run: RunData = {
    name: 'preflight',
    scalars: new Map(),
    histograms: new Map(),
    texts: new Map(),
    warnings: [],
  };
  const put = (tag: string, value: number) => run.scalars.set(tag, [{ step: 0, wallTime: 0, value }]);
  const nF = spec.inputs;
  const input = inputScale(probeX, nRows, nF);
  put(TAGS.inputRms, input.rms);
  put(TAGS.inputMaxStd, input.maxStd);
  put(TAGS.inputMaxAbsMean, input.maxAbsMean);

  let h = Float64Array.from(probeX.subarray(0, nRows * nF));
  let width = nF;
  let prevStd = input.rms;
  const layers: PreflightLayer[] = [];
  const nLayers = spec.hidden.length + 1;
  let logits = new Float64Array(0);
  for (let i = 0; i < nLayers; i++) {
    const L = layerName(spec, i);
    const W = params[2 * i].data;
    const b = params[2 * i + 1].data;
    const units = b.length;
    const hidden = i < spec.hidden.length ? spec.hidden[i] : undefined;
    const a: Activation | 'sigmoid_out' = hidden ? hidden.activation : 'sigmoid_out';
    const pre = new Float64Array(nRows * units);
    for (let r = 0; r < nRows; r++) {
      for (let k = 0; k < width; k++) {
        const x = h[r * width + k];
        if (x === 0) continue;
        const row = k * units;
        for (let u = 0; u < units; u++) pre[r * units + u] += x * W[row + u];
      }
      for (let u = 0; u < units; u++) pre[r * units + u] += b[u];
    }
    const post = new Float64Array(pre.length);
    const alive = new Uint8Array(units);
    const { lo, hi } = flatRange(a, hidden?.alpha);
    let flatCount = 0;
    for (let n = 0; n < pre.length; n++) {
      post[n] = act(a, pre[n], hidden?.alpha);
      if (pre[n] < lo || pre[n] > hi) flatCount++;
      else alive[n % units] = 1;
    }
    const dead = (units - alive.reduce((s, v) => s + v, 0)) / units;
    const wStd = std(Float64Array.from(W));
    const ref = referenceStds(width, units);
    const recommended = initStd(recommendedInit(hidden?.activation ?? 'sigmoid'), width, units);
    const pStd = std(pre);
    layers.push({
      layer: L,
      fanIn: width,
      fanOut: units,
      activation: hidden?.activation ?? 'sigmoid',
      weightStd: wStd,
      referenceStd: recommended,
      glorotStd: ref.glorot,
      ratioToReference: wStd / recommended,
      preactStd: pStd,
      growth: pStd / prevStd,
      deadFraction: dead,
      saturatedFraction: flatCount / pre.length,
    });
    put(TAGS.paramStat(L, 'weights', 'std'), wStd);
    put(TAGS.paramStat(L, 'biases', 'mean'), b.reduce((s, v) => s + v, 0) / units);
    put(TAGS.stdVsGlorot(L), wStd / ref.glorot);
    put(TAGS.stdVsHe(L), wStd / ref.he);
    put(TAGS.preactivationStd(L, 'inference_mode'), pStd);
    put(TAGS.deadFraction(L, 'inference_mode'), dead);
    put(TAGS.saturatedFraction(L, 'inference_mode'), flatCount / pre.length);
    prevStd = pStd;
    if (!hidden) logits = pre;
    h = post;
    width = units;
  }
  let absSum = 0;
  let exact = 0;
  let high = 0;
  let low = 0;
  for (const z of logits) {
    absSum += Math.abs(z);
    const p = Math.fround(1 / (1 + Math.exp(-z))); // what a float32 sigmoid returns
    if (p === 0 || p === 1) exact++;
    if (p > 0.99) high++;
    if (p < 0.01) low++;
  }
  const n = Math.max(1, logits.length);
  const output = {
    meanAbsLogit: absSum / n,
    exactZeroOne: exact / n,
    saturatedHigh: high / n,
    saturatedLow: low / n,
  };
  put(TAGS.meanAbsLogit, output.meanAbsLogit);
  put(TAGS.exactZeroOne, output.exactZeroOne);
  put(TAGS.saturatedHigh, output.saturatedHigh);
  put(TAGS.saturatedLow, output.saturatedLow);
  const report = diagnose(run, { ...ctx, spec });
  return { layers, input, output, findings: report.findings, history: run };
}

const g = (v: number) =>
  Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3)
    ? v.toExponential(1)
    : Number(v.toPrecision(3)).toString();

/** The preflight table as text (printed before training when anything is wrong). */
export function formatPreflight(r: PreflightResult): string {
  const head = [
    'layer',
    'fans',
    'act',
    'w std',
    'ref std',
    'ratio',
    'pre std',
    'growth',
    'dead',
    'saturated',
  ];
  const rows = r.layers.map((l) => [
    l.layer,
    `${l.fanIn}→${l.fanOut}`,
    l.activation,
    g(l.weightStd),
    g(l.referenceStd),
    `${g(l.ratioToReference)}×`,
    g(l.preactStd),
    `${g(l.growth)}×`,
    `${(100 * l.deadFraction).toFixed(0)}%`,
    `${(100 * l.saturatedFraction).toFixed(0)}%`,
  ]);
  const all = [head, ...rows];
  const w = head.map((_, c) => Math.max(...all.map((row) => row[c].length)));
  const table = all.map((row) => row.map((cell, c) => cell.padEnd(w[c])).join('  ')).join('\n');
  return [
    `preflight (before the first update; ref std = the initialiser recommended for the activation):`,
    table,
    `inputs: RMS ${g(r.input.rms)}, largest feature std ${g(r.input.maxStd)}, largest |mean| ${g(r.input.maxAbsMean)}`,
    `outputs: mean |logit| ${g(r.output.meanAbsLogit)}, exactly 0 or 1 in float32: ${(100 * r.output.exactZeroOne).toFixed(1)}%`,
  ].join('\n');
}
