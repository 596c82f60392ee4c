/**
 * The tag contract: every tag trainscope writes, in one place, used by the trainer (writer)
 * and by inspect, doctor and board (readers). Tags are grouped by their first path segment so
 * TensorBoard's tag filter and our dashboard can find them: `layer1/…`, `output/…`, `loss/…`.
 *
 * `L` below is a layer name: `layer1`, `layer2`, … for hidden layers, `output` for the last.
 * `mode` is `train_mode` (dropout on) or `inference_mode` (dropout off).
 */
export type Mode = 'train_mode' | 'inference_mode';
/** Where learning evidence is measured: the validation rows (each epoch) or the probe batch (each probe, step 0 too). */
export type EvidenceSplit = 'val' | 'probe';
/** One number of src/metrics/evidence.ts (inference mode, against the constant predictor and chance). */
export type EvidenceStat =
  | 'rows'
  | 'loss_gain'
  | 'loss_gain_se'
  | 'auc_macro'
  | 'auc_macro_se'
  | 'auc_labels'
  | 'auc_micro'
  | 'auc_micro_constant';
export type ParamKind = 'weights' | 'biases';

/** The story's eight numbers, in the story's order (metrics/story.ts computes them every epoch). */
export const STORY_METRICS = [
  'roc_auc_micro',
  'roc_auc_macro',
  'precision_micro',
  'precision_macro',
  'precision_weighted',
  'recall_micro',
  'recall_macro',
  'recall_weighted',
] as const;

export const TAGS = {
  // scalars, once per epoch
  trainLoss: 'loss/train',
  valLoss: 'loss/val',
  valMetric: (metric: string) => `metrics/val/${metric}`,
  learningRate: 'train/learning_rate',
  epochSeconds: 'train/epoch_seconds',
  nanCount: 'train/nan_count',
  infCount: 'train/inf_count',

  // per layer, at every probe
  param: (L: string, kind: ParamKind) => `${L}/${kind}`, // histogram
  paramStat: (L: string, kind: ParamKind, stat: 'mean' | 'std' | 'min' | 'max' | 'norm') =>
    `${L}/${kind}/${stat}`,
  /** Weight std divided by the Glorot (or He) std for the layer's fan-in/fan-out. */
  stdVsGlorot: (L: string) => `${L}/weights/std_vs_glorot`,
  stdVsHe: (L: string) => `${L}/weights/std_vs_he`,
  /** ‖W_t − W_prev‖ / ‖W_prev‖ since the previous probe. */
  updateRatio: (L: string, kind: ParamKind) => `${L}/${kind}/update_ratio`,
  /** ‖W_t − W_0‖ / ‖W_0‖ since the start of training. */
  changeSinceInit: (L: string, kind: ParamKind) => `${L}/${kind}/change_since_init`,
  preactivations: (L: string, mode: Mode) => `${L}/preactivations/${mode}`, // histogram
  activations: (L: string, mode: Mode) => `${L}/activations/${mode}`, // histogram
  preactivationStd: (L: string, mode: Mode) => `${L}/preactivations/${mode}/std`,
  /** Share of units flat on every probe sample: no gradient for any input (run/layer-stats.ts flatRange, per activation). */
  deadFraction: (L: string, mode: Mode) => `${L}/dead_fraction/${mode}`,
  /** Share of pre-activations where the activation's derivative is below 1% of its peak (|x| > 3 for tanh, > 6 for sigmoid, x ≤ 0 for relu, …). */
  saturatedFraction: (L: string, mode: Mode) => `${L}/saturated_fraction/${mode}`,
  gradient: (L: string, kind: ParamKind) => `${L}/gradients/${kind}`, // histogram
  gradientNorm: (L: string, kind: ParamKind) => `${L}/gradients/${kind}/norm`,

  // outputs, at every probe (on the probe batch)
  logits: (mode: Mode) => `output/logits/${mode}`, // histogram
  probabilities: (mode: Mode) => `output/probabilities/${mode}`, // histogram
  meanAbsLogit: 'output/mean_abs_logit',
  saturatedHigh: 'output/saturated_high', // share of sigmoid outputs > 0.99
  saturatedLow: 'output/saturated_low', // share of sigmoid outputs < 0.01
  exactZeroOne: 'output/exact_0_or_1', // share of float32 sigmoid outputs exactly 0 or 1
  positiveRate: (label: string) => `output/positive_rate/${label}`, // share predicted positive (p ≥ 0.5)
  prevalence: (label: string) => `output/prevalence/${label}`, // share truly positive in the probe batch
  outputSpread: (label: string) => `output/spread/${label}`, // std of the label's logit across samples
  outputBias: (label: string) => `output/bias/${label}`,

  // evidence of learning (src/metrics/evidence.ts): `val` every epoch, `probe` at every probe
  /** loss_gain = constant-predictor loss − model loss (> 0: better than a constant), with its standard error; AUCs on logits. */
  evidence: (split: EvidenceSplit, stat: EvidenceStat) => `evidence/${split}/${stat}`,
  /** ROC AUC of one label on the logits, and its standard error under chance (absent with one class). */
  evidenceAuc: (split: EvidenceSplit, label: string) => `evidence/${split}/auc/${label}`,
  evidenceAucSe: (split: EvidenceSplit, label: string) => `evidence/${split}/auc_se/${label}`,
  /** Share of these rows predicted positive for one label, and its share of positive rows. */
  evidencePositiveRate: (split: EvidenceSplit, label: string) => `evidence/${split}/positive_rate/${label}`,
  evidencePrevalence: (split: EvidenceSplit, label: string) => `evidence/${split}/prevalence/${label}`,

  // inputs, at every probe (on the probe batch as the model sees it, after any scaling)
  inputRms: 'input/rms', // sqrt(mean of x²) over all features and rows (≈ 1 when standardised)
  inputMaxStd: 'input/max_std', // largest per-feature std
  inputMaxAbsMean: 'input/max_abs_mean', // largest per-feature |mean|

  // text
  config: 'config/text_summary',
  findings: 'doctor/text_summary',
} as const;

/** Layer names in a run's tags, in order (`layer1`, `layer2`, …, `output`). */
export function layersInTags(tags: Iterable<string>): string[] {
  const found = new Set<string>();
  for (const t of tags) {
    const m = /^(layer\d+|output)\/weights$/.exec(t);
    if (m) found.add(m[1]);
  }
  return [...found].sort((a, b) => layerOrder(a) - layerOrder(b));
}

function layerOrder(name: string): number {
  return name === 'output' ? Number.MAX_SAFE_INTEGER : Number(name.slice(5));
}
