/**
 * Every threshold the doctor uses, with its reasoning and, where one exists, the published
 * value it replaces. Published detectors:
 *   AUTOTRAINER (Zhang et al., ICSE 2021): "exploding" weights when |w| > 5; vanishing gradient
 *     when the ratio of gradient norms first/last layer < 1e-4; dying ReLU when > 70% of a layer
 *     has zero gradient; oscillating/slow loss by window comparisons.
 *   DeepDiagnosis (Wardat et al., ICSE 2022): weights/activations "exploding" when their
 *     variance > 10, saturated activation when > 80% of sigmoid/tanh outputs are saturated,
 *     "output saturation" when the softmax/sigmoid output is 0/1 for most samples.
 *   UMLAUT (Schoop et al., CHI 2021): input not normalised when min/max are outside [-1, 1]…
 *     [0, 255]-style ranges; output layer activation checks; overfitting by val/train gap.
 *
 * Why those miss the story: a truncated normal with std 1 is bounded by |w| ≤ 2 (never > 5) and
 * has variance 0.77 (never > 10), yet for a 294→256 layer it is 14.7× the Glorot std, which
 * compounds to logits of 10³–10⁴ after three layers. Scale only means something relative to the
 * layer's fans, so our init rule compares with the Glorot/He/LeCun std for that layer.
 * Why multi-label needs its own thresholds: with independent sigmoids, rare labels legitimately
 * sit at p < 0.01 for most samples (a 1.4% label's loss-optimal logit is −4.3), so "output
 * saturated for most samples" (DeepDiagnosis) fires on every healthy yeast or tmc2007 run. We
 * count only outputs that are *exactly* 0 or 1 in float32 (|logit| ≳ 17 or ≳ 88) and the mean
 * |logit|, which separate the story (10³–10⁴) from healthy runs (≈ 1–5) by two orders of magnitude.
 */
export const T = {
  /** Weight std above this multiple of the largest of Glorot/He/LeCun std → too broad. Each layer multiplies the signal's std by the ratio; at 3× three layers give 27× (variance 729×). Story: 14.7×. */
  initBroad: 3,
  /** Below this share of the smallest reference std (hidden layers only; a small output init is fine) → too narrow: at 1/4 each hidden layer shrinks the signal 4×. */
  initNarrow: 0.25,
  /** Mean |logit| beyond which outputs are saturated. Healthy runs: 0.5–5; sigmoid(20) = 1 − 2e-9; story: 10³–10⁴. */
  meanAbsLogit: 20,
  /** Share of float32 sigmoid outputs exactly 0 or 1: healthy runs have none (needs |logit| > 16.6). */
  exactZeroOne: 0.02,
  /** Hidden sigmoid/tanh: share of pre-activations in the flat region (DeepDiagnosis: 80%; we warn earlier because at init it should be ~0). */
  hiddenSaturated: 0.5,
  /** Inference-mode dead share of a layer: warning (AUTOTRAINER uses 70% of zero gradients; healthy ReLU nets here reach 5–40%). */
  deadWarning: 0.6,
  /** A layer this dead passes (almost) nothing: the output no longer depends on the input. */
  deadFatal: 0.97,
  /** Pre-activation std of any layer beyond this (standardised inputs, proper init → ≈ 1). DeepDiagnosis: variance > 10, i.e. std > 3.2, which healthy late-training layers exceed. */
  preactExplode: 50,
  /** Growth of pre-activation std from one layer to the next beyond this at init (proper init → 0.7–1.5). */
  growthExplode: 4,
  /** Last-hidden pre-activation std below this share of the first layer's → vanishing across depth. */
  vanishRatio: 0.01,
  /** Per-element gradient RMS of the first layer / last layer below this → vanishing gradients (AUTOTRAINER: 1e-4 on norms). */
  gradVanish: 1e-3,
  /** … above this → exploding gradients. */
  gradExplode: 1e3,
  /** A label's logit std across the probe batch below this: the output ignores the input. */
  spreadCollapse: 1e-3,
  /** Always positive for a label whose prevalence is below this is never loss-optimal. */
  alwaysPositiveMaxPrevalence: 0.6,
  /** Always negative for a label whose prevalence is at least this is a failure, not a threshold choice. */
  alwaysNegativeMinPrevalence: 0.4,
  /** "Always" = this share of the probe batch. */
  constantShare: 0.995,
  /** Rare-label rule: prevalence below this counts as rare … */
  rarePrevalence: 0.1,
  /** … and below this the label is "almost never positive": an unweighted loss all but ignores it (warning, not info). */
  almostNeverPrevalence: 0.01,
  /** Not learning: train loss still above this share of the constant-predictor loss (entropy of the prevalences) … */
  plateauShareOfPrior: 0.97,
  /** … after this many epochs, with less than `plateauImprovement` relative improvement over the last `plateauWindow` epochs. */
  plateauMinEpochs: 3,
  plateauWindow: 3,
  plateauImprovement: 0.01,
  /** Divergence: train loss above this multiple of the best so far (after the first epoch) … */
  divergeRise: 1.5,
  /** … or above this multiple of the constant-predictor loss after the first epoch. */
  divergePrior: 3,
  /** Weights' norm changed by more than this many times its own size between two probes: steps far too big. */
  updateRatioHigh: 3,
  /** LR too low: median relative weight change since init below this after `lrLowMinSteps` steps … */
  lrLowChange: 0.01,
  lrLowMinSteps: 200,
  /** … and the train loss improved by less than this share. */
  lrLowLossImprovement: 0.02,
  /** Frozen weights: every layer moved less than this share of its norm over the window (story: 2–17% over 500 epochs with std 1 vs 10–110% Glorot). */
  frozenChange: 0.05,
  frozenMinProbes: 5,
  frozenMinSteps: 300,
  /** Overfitting: val loss this much above its minimum while train loss kept falling: info, and warning beyond `overfitWarning`. */
  overfitInfo: 1.1,
  overfitWarning: 1.5,
  overfitPatience: 3,
  /** Inputs: largest per-feature std or |mean|, or the RMS, beyond this → not standardised (UMLAUT: values outside [-1,1]). */
  inputScale: 10,
  /** Inputs' RMS below this → features squashed towards 0. */
  inputTiny: 0.05,
} as const;
