import { DEFAULT_LEAKY_ALPHA } from '../engine/model.js';
import { SELU_ALPHA } from '../engine/ops/selu.js';
import type { Activation } from '../model/spec.js';

/**
 * The layer statistics of the run contract: what a probe (train/probes.ts) records and what
 * preflight (doctor/preflight.ts) computes before the first update, defined once so both say
 * the same thing by "dead", "saturated", "std" and "exactly 0 or 1".
 */

/** Summary numbers over typed arrays, computed in float64 in one pass where possible. */
export interface Summary {
  mean: number;
  std: number;
  min: number;
  max: number;
  norm: number;
  /** Count of NaN and ±Inf values (left out of the other numbers). */
  nonFinite: number;
}

export function summarize(a: ArrayLike<number>): Summary {
  let sum = 0;
  let sq = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let n = 0;
  let bad = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (!Number.isFinite(v)) {
      bad++;
      continue;
    }
    sum += v;
    sq += v * v;
    if (v < min) min = v;
    if (v > max) max = v;
    n++;
  }
  const mean = n ? sum / n : 0;
  const variance = n ? Math.max(0, sq / n - mean * mean) : 0;
  return {
    mean,
    std: Math.sqrt(variance),
    min: n ? min : 0,
    max: n ? max : 0,
    norm: Math.sqrt(sq),
    nonFinite: bad,
  };
}

/** ‖a − b‖ / ‖b‖; null when b is all zeros (a change relative to nothing is undefined). NaN/Inf pass through. */
export function relativeChange(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  let d = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] - b[i];
    d += x * x;
    nb += b[i] * b[i];
  }
  if (nb === 0) return null;
  return Math.sqrt(d / nb);
}

export interface InputScale {
  /** sqrt(mean of x²) over all features and rows: ≈ 1 when standardised. */
  rms: number;
  /** Largest per-feature std and |mean|: ≈ 1 and ≈ 0 when standardised. */
  maxStd: number;
  maxAbsMean: number;
}

/** How inputs x ([rows, nF], row-major) look to the model. */
export function inputScale(x: Float32Array, rows: number, nF: number): InputScale {
  let sq = 0;
  let maxStd = 0;
  let maxAbsMean = 0;
  for (let j = 0; j < nF; j++) {
    let s = 0;
    let q = 0;
    for (let r = 0; r < rows; r++) {
      const v = x[r * nF + j];
      s += v;
      q += v * v;
    }
    sq += q;
    const m = s / rows;
    maxAbsMean = Math.max(maxAbsMean, Math.abs(m));
    maxStd = Math.max(maxStd, Math.sqrt(Math.max(0, q / rows - m * m)));
  }
  return { rms: Math.sqrt(sq / (rows * nF)), maxStd, maxAbsMean };
}

/** A layer's activation as the statistics see it: the hidden activations, or the sigmoid of the outputs. */
export type LayerActivation = Activation | 'sigmoid_out';

/** A pre-activation is "flat" where the activation's derivative is below this share of its peak. */
export const FLAT_DERIVATIVE_SHARE = 0.01;

/**
 * Where an activation is flat, defined by its derivative so that it means the same thing for
 * every activation: x is flat when x < lo or x > hi, i.e. where f'(x) < 1% of max f'. A unit
 * flat on every probe sample is "dead" (it passes no gradient for any input), and the share of
 * flat values is the "saturated" share. Per activation:
 *   relu: x ≤ 0 (f' = 0);
 *   leaky_relu: never while alpha ≥ 1% (f' = alpha below 0 still trains); x ≤ 0 for smaller alpha;
 *   elu(alpha), selu: the negative tail where alpha·eˣ < 1% (x < ln(0.01/alpha): −4.6 for
 *     alpha 1, −5.1 for selu's 1.67); near 0 below zero they still learn;
 *   tanh: |x| > 2.99 (1 − tanh² < 0.01); sigmoid: |x| > 5.99 (σ(1 − σ) < 0.01 · 1/4);
 *   linear: never.
 */
export function flatRange(activation: LayerActivation, alpha?: number): { lo: number; hi: number } {
  const share = FLAT_DERIVATIVE_SHARE;
  switch (activation) {
    case 'relu':
      return { lo: Number.MIN_VALUE, hi: Number.POSITIVE_INFINITY }; // x ≤ 0
    case 'leaky_relu':
      return (alpha ?? DEFAULT_LEAKY_ALPHA) >= share
        ? { lo: Number.NEGATIVE_INFINITY, hi: Number.POSITIVE_INFINITY }
        : { lo: Number.MIN_VALUE, hi: Number.POSITIVE_INFINITY };
    case 'elu':
      return { lo: Math.log(share / (alpha ?? 1)), hi: Number.POSITIVE_INFINITY };
    case 'selu':
      return { lo: Math.log(share / SELU_ALPHA), hi: Number.POSITIVE_INFINITY };
    case 'tanh': {
      const t = Math.atanh(Math.sqrt(1 - share));
      return { lo: -t, hi: t };
    }
    case 'sigmoid':
    case 'sigmoid_out': {
      // σ(1 − σ) = share/4 → σ = (1 + √(1 − share))/2
      const t = Math.log((1 + Math.sqrt(1 - share)) / (1 - Math.sqrt(1 - share)));
      return { lo: -t, hi: t };
    }
    case 'linear':
      return { lo: Number.NEGATIVE_INFINITY, hi: Number.POSITIVE_INFINITY };
  }
}

/**
 * Share of units flat on every sample ("dead"), and share of all pre-activation values that
 * are flat ("saturated"). `pre` is [rows, units], row-major.
 */
export function deadAndSaturated(
  pre: Float32Array | Float64Array,
  rows: number,
  units: number,
  act: LayerActivation,
  alpha?: number,
): { dead: number; saturated: number } {
  const u = units;
  const { lo, hi } = flatRange(act, alpha);
  const alive = new Uint8Array(u);
  let flat = 0;
  for (let r = 0; r < rows; r++) {
    const off = r * u;
    for (let j = 0; j < u; j++) {
      // Branch-free: pre-activations sit on both sides of the threshold about equally often.
      const x = pre[off + j];
      const f = +(x < lo) | +(x > hi);
      flat += f;
      alive[j] |= 1 - f;
    }
  }
  let dead = 0;
  for (let j = 0; j < u; j++) dead += 1 - alive[j];
  return { dead: dead / u, saturated: flat / (rows * u) };
}

export interface OutputSaturation {
  meanAbsLogit: number;
  /** Shares of sigmoid outputs > 0.99, < 0.01, and exactly 0 or 1 (float32 ties that hide the ranking). */
  saturatedHigh: number;
  saturatedLow: number;
  exactZeroOne: number;
}

/** How saturated the outputs are; `probabilities` as float32 computes them (exact 0 and 1 are real there). */
export function outputSaturation(
  logits: ArrayLike<number>,
  probabilities: ArrayLike<number>,
): OutputSaturation {
  let absSum = 0;
  let high = 0;
  let low = 0;
  let exact = 0;
  for (let i = 0; i < logits.length; i++) {
    absSum += Math.abs(logits[i]);
    const p = probabilities[i];
    if (p > 0.99) high++;
    if (p < 0.01) low++;
    if (p === 0 || p === 1) exact++;
  }
  const n = Math.max(1, logits.length);
  return {
    meanAbsLogit: absSum / n,
    saturatedHigh: high / n,
    saturatedLow: low / n,
    exactZeroOne: exact / n,
  };
}
