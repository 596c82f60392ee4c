/**
 * What two histograms of the same weights say about how far the weights moved between them.
 * A histogram forgets which value belongs to which weight, so only bounds are possible:
 *
 * - identical histograms (same count, extremes, sums and buckets, up to float noise) at every
 *   record are what a parameter that is never updated produces — the signature of a frozen layer;
 * - the norm is exact from the sum of squares, and ‖W₁ − W₀‖ ≥ |‖W₁‖ − ‖W₀‖| (triangle
 *   inequality), a lower bound of the relative change;
 * - the Wasserstein-1 distance between the two distributions is the least mean |w₁ − w₀| over
 *   every pairing of values, so W₁ / mean|w₀| is a lower bound of the mean relative change.
 *
 * Lower bounds can prove that weights moved, never that they did not: a healthy layer whose
 * weights move 20% in norm can keep almost the same histogram. So "barely moving" from
 * histograms is information, and only "identical at every record" is a finding.
 */
import { histogramPercentile } from '../events/histogram-stats.js';
import type { Histogram } from '../events/types.js';

/**
 * Relative tolerance for "unchanged": float32 parameters that are not updated give identical
 * histograms, but a layer that gets almost no gradient (one unit of a dead layer still firing
 * now and then) drifts by ~1e-6 of its scale; both are "no training" for the doctor, while
 * the slowest healthy layer in the fixtures (He + SGD, first layer) changes its sums by > 1e-3.
 */
export const UNCHANGED_TOLERANCE = 1e-5;

/** The same values as far as a histogram can tell, up to `tol` of the values' scale. */
export function sameHistogram(a: Histogram, b: Histogram, tol = UNCHANGED_TOLERANCE): boolean {
  if (a.num !== b.num || a.counts.length !== b.counts.length) return false;
  const rms = Math.sqrt(Math.max(a.sumSquares, b.sumSquares) / Math.max(1, a.num));
  const scale = Math.max(rms, Math.abs(a.min), Math.abs(a.max));
  const near = (x: number, y: number, s: number) => x === y || Math.abs(x - y) <= tol * s;
  if (!near(a.min, b.min, scale) || !near(a.max, b.max, scale)) return false;
  if (
    !near(a.sum, b.sum, scale * a.num) ||
    !near(a.sumSquares, b.sumSquares, Math.max(a.sumSquares, b.sumSquares))
  )
    return false;
  let moved = 0;
  for (let i = 0; i < a.counts.length; i++) {
    if (!near(a.bucketLimits[i], b.bucketLimits[i], scale)) return false;
    moved += Math.abs(a.counts[i] - b.counts[i]);
  }
  // a value crossing a bucket edge counts twice (out of one bucket, into the next)
  return moved <= 2 * Math.max(1, tol * 100 * a.num);
}

/** Records a series needs before "identical at every record" means frozen rather than "not yet trained". */
export const FROZEN_MIN_RECORDS = 3;

/** Identical at every one of at least FROZEN_MIN_RECORDS records. */
export function frozenSeries(hs: readonly { histogram: Histogram }[]): boolean {
  return hs.length >= FROZEN_MIN_RECORDS && hs.every((p) => sameHistogram(hs[0].histogram, p.histogram));
}

export function mean(h: Histogram): number {
  return h.num > 0 ? h.sum / h.num : Number.NaN;
}

export function std(h: Histogram): number {
  if (!(h.num > 0)) return Number.NaN;
  const m = h.sum / h.num;
  return Math.sqrt(Math.max(0, h.sumSquares / h.num - m * m));
}

export function norm(h: Histogram): number {
  return Math.sqrt(Math.max(0, h.sumSquares));
}

/** |‖b‖ − ‖a‖| / ‖a‖: a lower bound of ‖b − a‖ / ‖a‖. */
export function normChange(a: Histogram, b: Histogram): number {
  const na = norm(a);
  return na > 0 ? Math.abs(norm(b) - na) / na : Number.NaN;
}

const QUANTILES = 200;

/** W₁(a, b) / mean|a|: a lower bound of the mean relative change of the values, from quantiles. */
export function shiftLowerBound(a: Histogram, b: Histogram): number {
  let w1 = 0;
  let absA = 0;
  for (let i = 0; i < QUANTILES; i++) {
    const u = (i + 0.5) / QUANTILES;
    const qa = histogramPercentile(a, u);
    w1 += Math.abs(histogramPercentile(b, u) - qa);
    absA += Math.abs(qa);
  }
  return absA > 0 ? w1 / absA : Number.NaN;
}

/** The best lower bound of the relative change between two records. */
export function movedAtLeast(a: Histogram, b: Histogram): number {
  const n = normChange(a, b);
  const s = shiftLowerBound(a, b);
  return Math.max(Number.isFinite(n) ? n : 0, Number.isFinite(s) ? s : 0);
}

/**
 * Whether a weight histogram can be a fresh initialisation: every standard initialiser draws
 * around 0, so the mean is a small share of the spread. Weights already trained far from their
 * start (a learning rate that blew them up) are not, and must not be judged as an init.
 * One epoch of healthy training keeps |mean|/std under 0.12 in the fixtures; a blown-up layer
 * shows 0.5–1.5.
 */
export const INIT_MAX_MEAN_SHARE = 0.25;

export function looksInitial(h: Histogram): boolean {
  const s = std(h);
  const m = mean(h);
  if (!Number.isFinite(m)) return false;
  return s === 0 || Math.abs(m) <= INIT_MAX_MEAN_SHARE * s;
}
