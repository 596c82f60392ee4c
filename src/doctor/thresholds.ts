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
  // ---- statistics: the margins every claim about learning uses ------------------------------
  /**
   * Standard errors a difference must exceed before the doctor calls it real (loss against the
   * constant predictor, AUC against chance or against its best, a label against the others).
   * Under chance a 3σ excursion has probability 0.13% one-sided; a run is checked at every
   * epoch, and the checks are strongly correlated, so noise alone rarely crosses it.
   */
  z: 3,

  // ---- the initialisation, before the first update ------------------------------------------
  /**
   * Weight std above this multiple of the largest of Glorot/He/LeCun std → too broad (variance
   * 4× any standard scheme), *if* the forward pass shows it: at 2× per layer, three hidden layers
   * and the output give 16× the logit scale. Calibration: healthy ≤ 1.0 (standard inits);
   * faults 3×, 5× (He-relative), std 1 (story: 10–15×).
   */
  initBroad: 2,
  /**
   * Mean |logit| at the first probe beyond which the initial outputs are saturated (σ(5) = 0.993):
   * before any learning the network is confidently wrong for about half its outputs. Calibration
   * at step 0: healthy 0.27–1.4; 3× He init 85–89; 5× 650–690; story 2000–2700; inputs ×100 27–37.
   */
  initLogit: 5,
  /** Without the logit record (a foreign log), the weight ratio alone must exceed this. */
  initBroadAlone: 3,
  /** Below this share of the smallest reference std (hidden layers only; a small output init is fine) → too narrow: at 1/4 each hidden layer shrinks the signal 4×. */
  initNarrow: 0.25,
  /** A narrow-initialised run whose validation loss ends this close to the constant predictor's (share of its loss) is harmed by it. */
  stallGain: 0.1,
  /** Mean |logit| beyond which outputs are saturated (any probe). Healthy runs: 0.5–5; sigmoid(20) = 1 − 2e-9; story: 10³–10⁴. */
  meanAbsLogit: 20,
  /** Share of float32 sigmoid outputs exactly 0 or 1: at the start a healthy run has none (needs |logit| > 16.6). */
  exactZeroOne: 0.02,
  /** Hidden sigmoid/tanh: share of pre-activations in the flat region (DeepDiagnosis: 80%; we warn earlier because at init it should be ~0). */
  hiddenSaturated: 0.5,
  /** Inference-mode dead share of a layer: warning (AUTOTRAINER uses 70% of zero gradients; healthy ReLU nets here reach 0–17%). */
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
  /**
   * Constant outputs on the validation rows: every label with both classes there at ROC AUC
   * exactly 0.5 (ties) and predicted on one side for every row, over at least this many labels.
   * One label can sit at exactly 0.5 without a constant output when a narrow last hidden layer
   * is dead for some rows (they tie at the output bias): 5 of the 288 labels of the board's 48
   * grid runs that did not collapse (8-4 ReLU, 20 validation rows, 4 steps), never two in one run;
   * the 2 that collapsed tie on all 6.
   */
  tiedLabels: 2,
  /** Inputs: largest per-feature std or |mean|, or the RMS, beyond this → not standardised (UMLAUT: values outside [-1,1]). */
  inputScale: 10,
  /** Inputs' RMS below this → features squashed towards 0. */
  inputTiny: 0.05,

  // ---- when the doctor may judge learning: windows in optimiser steps and lr × steps ---------
  /**
   * No claim that a run is not learning before this many optimiser steps, and, for optimisers
   * whose step is about lr per weight (Adam, RMSProp), before lr × steps reaches `judgeLrSteps`:
   * each weight could have moved that far, about one Glorot std of a 256–1000-wide layer
   * (0.04–0.09). Adam 1e-3: 50 steps; 1e-4: 500 steps (the README's scene run: epoch 56).
   */
  judgeSteps: 100,
  judgeLrSteps: 0.05,
  /** … and the verdict must hold at this many consecutive checks (one noisy epoch is not a trend). */
  judgeChecks: 2,

  // ---- labels --------------------------------------------------------------------------------
  /** "Always" = this share of the rows. */
  constantShare: 0.99,
  /** Rare-label rule: prevalence below this counts as rare. */
  rarePrevalence: 0.1,

  // ---- the learning rate ---------------------------------------------------------------------
  /** Divergence: the training loss above this multiple of its best so far. */
  divergeRise: 1.5,
  /** Weights' norm changed by more than this many times its own size between two probes: steps far too big. */
  updateRatioHigh: 3,
  /**
   * Relative weight change per optimiser step over the first probe interval above this → the
   * steps are large for the weights (CS231n's rule of thumb: about 1e-3 per update). Calibration:
   * healthy 0.0005–0.013; Adam 10× 0.029–0.086; 30× 0.068–0.24; SGD 30× …
   */
  stepChangeHigh: 0.02,
  /**
   * … and the damage it did: the inference-mode dead share of a hidden layer rose by this much
   * since step 0. Calibration: healthy 0–0.17 at any probe; Adam 10× 0.25–0.53, 30× 0.55–0.88.
   */
  deadRise: 0.2,
  /** LR too low: median relative weight change since init below this, with no evidence of learning. */
  lrLowChange: 0.01,
  /** Frozen weights: every layer moved less than this share of its norm since init, with no evidence of learning (story: 2–17% over 500 epochs with std 1 vs 10–110% Glorot). */
  frozenChange: 0.05,
  /** A frozen layer: its weights did not change at all (relative change below float32 rounding) while another layer's moved by more than `lrLowChange`. */
  frozenLayerChange: 1e-6,
} as const;
