/**
 * Thresholds of the rules that work from histograms and logged scalars alone (any framework's
 * TensorBoard log), with their reasoning. They were set from principles and checked on the
 * foreign fixtures (../shared/fixtures/foreign: PyTorch and Keras logs of 8 runs) and on logs
 * written in other conventions, depths and data (src/logs/testing) — not fitted to either.
 */
import { FROZEN_MIN_RECORDS } from '../logs/movement.js';

export const LT = {
  /**
   * Ranking at chance: every one of the last `chanceRecords` values of a ROC AUC within this of
   * 0.5. A random scorer's AUC on 2,000 validation rows varies by about 0.013 per label (0.005
   * for a macro average over 6 labels); healthy runs of the fixtures sit at 0.85–0.89 and the
   * weakest learning one (std-1 init) at 0.67.
   */
  chanceMargin: 0.02,
  /**
   * The same for a micro-averaged (pooled) AUC or one whose averaging the log does not say
   * (Keras' AUC pools labels): constant outputs per label still rank labels of different
   * prevalence apart, which moved micro AUC of dead networks to 0.47–0.54 in the fixtures and
   * test logs, while learning runs sit above 0.6.
   */
  chanceMarginPooled: 0.05,
  chanceRecords: 3,
  /**
   * Collapse: AUC equal to 0.5 within this at the last `chanceRecords` records. Only ties give
   * exactly 0.5 again and again (a constant output per label); a scorer that is merely bad
   * moves by more than this from one record to the next.
   */
  collapseMargin: 5e-4,
  /**
   * Constant outputs in an output histogram: at most this many non-empty buckets (one spike per
   * label, or at 0 and 1 when saturated) holding at least `spikeMinValues` values, at the last
   * two records. Healthy outputs over a batch of a few hundred rows fill most of 30 buckets.
   */
  maxSpikes: 8,
  spikeMinValues: 200,
  /**
   * Not learning because the steps are too small: at chance, and no layer's weights moved by
   * this much (a lower bound from the histograms, first to last record). Learning runs of the
   * fixtures and the unseen-log check move some layer by ≥ 4% (healthy SGD with a 1% first
   * layer still moves its head 8%); Adam at lr 1e-6 moved at most 0.4%.
   */
  barelyMoved: 0.01,
  /** A layer is frozen when its weight histogram is identical at this many records or more. */
  frozenMinRecords: FROZEN_MIN_RECORDS,
  /**
   * Weights blown up: a layer's RMS beyond this many times the larger of its Glorot and He std
   * while centred far from 0 (not an initialisation) — the same 3× as init-too-broad.
   */
  blownUpRatio: 3,
  /** … or its norm multiplied by at least this between two records: an update ratio ≥ 3, the divergence rule's threshold. */
  normJump: 4,
  /**
   * A bias initialisation that silences ReLUs: a layer dead from its first record whose biases
   * start below 0 with a spread at most this share of their size (a deliberate constant, e.g. −5).
   */
  constantBiasSpread: 0.5,

  // ---- overfitting and pace without standard errors (a log's val loss and AUC, no row count) ----
  /**
   * Overfitting: the validation loss above its minimum by at least this share of it, and by
   * z·√2 times the series' own record-to-record scatter (scatter.ts) when that is larger. A log
   * does not say how many validation rows there are, so no standard error; the scatter covers
   * noisy short runs (up to 10% of the loss on 3 records, 3–4% on healthy 10-record SGD runs),
   * and the share covers smooth ones, whose scatter is tiny: converged healthy runs drift a few
   * percent above their minimum at the end (fixtures C 0%, H 2.3%; unseen healthy logs ≤ 4%),
   * which is no reason to stop earlier. Overfitting runs rise 9–180% (fixtures D 29%, F 9%).
   */
  valLossRise: 0.1,
  /**
   * Overfitting that made the model worse (a warning, not info): the validation ROC AUC fell from
   * its best by at least this share of its gain over chance (best − 0.5), and by z·√2 scatters.
   * The fixtures' D (no dropout, "healthy, overfitting info at most") loses 5.8% of its gain
   * (0.890 → 0.867), the unseen AdamW run 2.3% (0.945 → 0.935, its val loss doubling): their
   * probabilities grow overconfident, their ranking barely moves. Memorised noisy labels lose
   * half their gain (0.898 → 0.705 in tools/foreign-logs): that is a worse model.
   */
  aucFallShare: 0.2,
  /**
   * Learning too slowly: with at least `paceRecords` validation AUC records, the AUC rose over
   * the last third of the records by at least `pace` times what it rose over the first third.
   * On a curve that approaches its level exponentially that ratio is e^(−2T/3τ) and the run has
   * covered 1 − ratio^1.5 of the way to it: at 0.7, under 41%. Healthy runs decelerate — most of
   * the gain comes early — so their ratio is ≤ 0.05 over 10+ records at the usual rates
   * (fixtures C, D, H, the unseen healthy logs), 0.14 for Adam at 1e-4 still improving at the
   * end, ≤ 0.26 on 3 records or with a too-broad init, 0.39 for a healthy SGD run cut at 6
   * epochs; Adam at 1e-5 and SGD at 3e-4 keep their pace to the end (0.9–1.4).
   * Adam at 3e-5 (0.45) is slow too but is left alone: the rule names only the clear cases.
   */
  pace: 0.7,
  /** … over thirds of at least three record intervals each: on fewer, one record decides the ratio. */
  paceRecords: 9,
} as const;
