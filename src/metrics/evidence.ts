import { binaryRanking, splitSorted } from './binary.js';

/**
 * Whether a model has learned anything, measured the way the doctor needs it: in inference mode,
 * against the best constant predictor, with the sampling error of the rows it is measured on.
 *
 * - Loss gain: per row, the mean over labels of (constant-predictor loss − model loss), under the
 *   run's own loss (pos_weight included); its mean and standard error over rows (rows are the
 *   independent unit). The constant predictor answers each label's training prevalence (the
 *   loss-optimal constant; with pos_weight w: w·p / (w·p + 1 − p)).
 * - Ranking: ROC AUC per label on the logits (no float32 ties), with its standard error under
 *   chance (Hanley & McNeil: √((n₁ + n₀ + 1) / (12·n₁·n₀))); the mean over the labels that have
 *   both classes, with the standard error of that mean under chance. Labels with one class in
 *   these rows are left out and counted, never averaged in as 0.5.
 * - Micro ROC AUC on the logits beside the micro AUC of the constant predictor, which is not 0.5:
 *   ranking the cells by their label's prevalence already beats chance when prevalences differ.
 */
export interface LabelEvidence {
  auc: number | null;
  /** Standard error of the AUC under chance (null with one class). */
  se: number | null;
  positives: number;
  /** Share of rows predicted positive (logit ≥ logit(threshold)). */
  positiveRate: number;
}

export interface LearningEvidence {
  rows: number;
  lossGain: number;
  lossGainSe: number;
  /** Mean ROC AUC over the labels with both classes (null when none has). */
  aucMacro: number | null;
  aucMacroSe: number | null;
  /** How many labels have both classes in these rows. */
  aucLabels: number;
  aucMicro: number | null;
  aucMicroConstant: number | null;
  perLabel: LabelEvidence[];
}

export interface EvidenceInput {
  logits: Float32Array | Float64Array;
  yTrue: Uint8Array;
  nRows: number;
  nLabels: number;
  /** Each label's prevalence in the training rows (what the constant predictor answers). */
  prevalence: ArrayLike<number>;
  posWeight?: readonly number[];
  /** Decision threshold on probabilities for the positive rate (default 0.5). */
  threshold?: number;
}

/** log(1 + eˣ) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Standard error of a ROC AUC under chance, for n₁ positives and n₀ negatives. */
export function aucNullSe(n1: number, n0: number): number {
  return Math.sqrt((n1 + n0 + 1) / (12 * n1 * n0));
}

export function learningEvidence(input: EvidenceInput): LearningEvidence {
  const { logits, yTrue, nRows, nLabels, prevalence, posWeight } = input;
  const t = input.threshold ?? 0.5;
  const cut = Math.log(t / (1 - t));
  const w = (j: number) => posWeight?.[j] ?? 1;
  // The constant predictor's logit per label, and its per-cell loss for y = 1 and y = 0.
  const constLoss1 = new Float64Array(nLabels);
  const constLoss0 = new Float64Array(nLabels);
  const constScore = new Float64Array(nLabels);
  for (let j = 0; j < nLabels; j++) {
    const p = Math.min(1 - 1e-7, Math.max(1e-7, prevalence[j]));
    const q = (w(j) * p) / (w(j) * p + 1 - p);
    const c = Math.log(q / (1 - q));
    constScore[j] = q;
    constLoss1[j] = w(j) * softplus(-c);
    constLoss0[j] = softplus(c);
  }
  let sum = 0;
  let sq = 0;
  for (let r = 0; r < nRows; r++) {
    let d = 0;
    for (let j = 0; j < nLabels; j++) {
      const i = r * nLabels + j;
      const z = logits[i];
      d += yTrue[i] ? constLoss1[j] - w(j) * softplus(-z) : constLoss0[j] - softplus(z);
    }
    d /= nLabels;
    sum += d;
    sq += d * d;
  }
  const mean = nRows ? sum / nRows : Number.NaN;
  const variance = nRows > 1 ? Math.max(0, (sq - nRows * mean * mean) / (nRows - 1)) : Number.NaN;

  const perLabel: LabelEvidence[] = [];
  let aucSum = 0;
  let varSum = 0;
  let defined = 0;
  for (let j = 0; j < nLabels; j++) {
    const { pos, neg } = splitSorted(yTrue, logits, j, nLabels, nRows);
    const auc = binaryRanking(pos, neg).auc;
    const se = auc === null ? null : aucNullSe(pos.length, neg.length);
    let predicted = 0;
    for (let r = 0; r < nRows; r++) if (logits[r * nLabels + j] >= cut) predicted++;
    perLabel.push({ auc, se, positives: pos.length, positiveRate: nRows ? predicted / nRows : Number.NaN });
    if (auc !== null && se !== null) {
      aucSum += auc;
      varSum += se * se;
      defined++;
    }
  }
  const cells = nRows * nLabels;
  const all = splitSorted(yTrue, logits, 0, 1, cells);
  const constantScores = new Float64Array(cells);
  for (let i = 0; i < cells; i++) constantScores[i] = constScore[i % nLabels];
  const allConst = splitSorted(yTrue, constantScores, 0, 1, cells);
  return {
    rows: nRows,
    lossGain: mean,
    lossGainSe: Math.sqrt(variance / nRows),
    aucMacro: defined ? aucSum / defined : null,
    aucMacroSe: defined ? Math.sqrt(varSum) / defined : null,
    aucLabels: defined,
    aucMicro: binaryRanking(all.pos, all.neg).auc,
    aucMicroConstant: binaryRanking(allConst.pos, allConst.neg).auc,
    perLabel,
  };
}

/** Each label's share of positive rows. */
export function labelPrevalence(yTrue: Uint8Array, nRows: number, nLabels: number): Float64Array {
  const out = new Float64Array(nLabels);
  for (let i = 0; i < nRows * nLabels; i++) out[i % nLabels] += yTrue[i];
  for (let j = 0; j < nLabels; j++) out[j] /= Math.max(1, nRows);
  return out;
}
