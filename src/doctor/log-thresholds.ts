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
} as const;
