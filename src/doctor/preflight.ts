import { referenceForward } from '../engine/reference-forward.js';
import type { Tensor32 } from '../engine/types.js';
import type { RunData } from '../events/types.js';
import { initStd, recommendedInit, referenceStds } from '../model/initializers.js';
import type { ModelSpec } from '../model/spec.js';
import { deadAndSaturated, inputScale, outputSaturation, summarize } from '../run/layer-stats.js';
import { TAGS } from '../run/tags.js';
import { textTable } from '../text-table.js';
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

/**
 * Check a model before its first update: weight scale per layer against Glorot/He/LeCun, one
 * inference-mode forward pass on the probe batch in float64 (pre-activation spread and growth
 * per layer, dead and saturated units, logit magnitude, float32-exact 0/1 outputs) and the
 * inputs' scale. The statistics are the probes' own (run/layer-stats.ts) and the numbers go
 * through the doctor's own rules, so preflight and the live doctor agree. The forward pass is
 * the engine's float64 reference (no ONNX Runtime session), on ≤ 512 rows.
 */
export function preflight(
  spec: ModelSpec,
  params: Tensor32[],
  probeX: Float32Array,
  nRows: number,
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
  const input = inputScale(probeX, nRows, spec.inputs);
  put(TAGS.inputRms, input.rms);
  put(TAGS.inputMaxStd, input.maxStd);
  put(TAGS.inputMaxAbsMean, input.maxAbsMean);

  const forward = referenceForward(spec, params, probeX, nRows);
  let width = spec.inputs;
  let prevStd = input.rms;
  const layers: PreflightLayer[] = forward.map((l, i) => {
    const W = params[2 * i].data;
    const b = params[2 * i + 1].data;
    const hidden = i < spec.hidden.length ? spec.hidden[i] : undefined;
    const { dead, saturated } = deadAndSaturated(
      l.pre,
      nRows,
      l.units,
      hidden?.activation ?? 'sigmoid_out',
      hidden?.alpha,
    );
    const wStd = summarize(W).std;
    const ref = referenceStds(width, l.units);
    const recommended = initStd(recommendedInit(hidden?.activation ?? 'sigmoid'), width, l.units);
    const pStd = summarize(l.pre).std;
    const L = l.name;
    put(TAGS.paramStat(L, 'weights', 'std'), wStd);
    put(TAGS.paramStat(L, 'biases', 'mean'), summarize(b).mean);
    put(TAGS.stdVsGlorot(L), wStd / ref.glorot);
    put(TAGS.stdVsHe(L), wStd / ref.he);
    put(TAGS.preactivationStd(L, 'inference_mode'), pStd);
    put(TAGS.deadFraction(L, 'inference_mode'), dead);
    put(TAGS.saturatedFraction(L, 'inference_mode'), saturated);
    const row: PreflightLayer = {
      layer: L,
      fanIn: width,
      fanOut: l.units,
      activation: hidden?.activation ?? 'sigmoid',
      weightStd: wStd,
      referenceStd: recommended,
      glorotStd: ref.glorot,
      ratioToReference: wStd / recommended,
      preactStd: pStd,
      growth: pStd / prevStd,
      deadFraction: dead,
      saturatedFraction: saturated,
    };
    prevStd = pStd;
    width = l.units;
    return row;
  });
  const logits = forward[forward.length - 1].pre;
  // What a float32 sigmoid returns: exact 0 and 1 where the logits are large.
  const probabilities = logits.map((z) => Math.fround(1 / (1 + Math.exp(-z))));
  const output = outputSaturation(logits, probabilities);
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
  const table = textTable([head, ...rows]).join('\n');
  return [
    `preflight (before the first update; ref std = the initialiser recommended for the activation):`,
    table,
    `inputs: RMS ${g(r.input.rms)}, largest feature std ${g(r.input.maxStd)}, largest |mean| ${g(r.input.maxAbsMean)}`,
    `outputs: mean |logit| ${g(r.output.meanAbsLogit)}, exactly 0 or 1 in float32: ${(100 * r.output.exactZeroOne).toFixed(1)}%`,
  ].join('\n');
}
