/**
 * Reading helpers over a Histogram: summary statistics, TensorBoard's distribution bands, and
 * a one-line text sparkline for the terminal. All work from bucket edges and counts; the first
 * bucket's left edge is `min` and every edge is clamped to [min, max], the convention TensorBoard
 * applies to HistogramProto buckets (TF1 writes ±DBL_MAX as outer limits).
 */
import type { Histogram } from './types.js';

/** Left and right edge of every bucket, clamped to [min, max]. */
export function bucketEdges(h: Histogram): { lefts: Float64Array; rights: Float64Array } {
  const k = h.counts.length;
  const lefts = new Float64Array(k);
  const rights = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const r = Math.min(h.max, Math.max(h.min, h.bucketLimits[i]));
    const l = i === 0 ? h.min : Math.min(r, Math.max(h.min, h.bucketLimits[i - 1]));
    lefts[i] = l;
    rights[i] = r;
  }
  return { lefts, rights };
}

/** Value below which a fraction q (0..1) of the counts lie, interpolating linearly inside a bucket. */
export function histogramPercentile(h: Histogram, q: number): number {
  const total = totalCount(h);
  if (total === 0) return Number.NaN;
  if (q <= 0) return h.min;
  if (q >= 1) return h.max;
  const { lefts, rights } = bucketEdges(h);
  const target = q * total;
  let cum = 0;
  for (let i = 0; i < h.counts.length; i++) {
    const c = h.counts[i];
    if (c > 0 && cum + c >= target) return lefts[i] + ((target - cum) / c) * (rights[i] - lefts[i]);
    cum += c;
  }
  return h.max;
}

function totalCount(h: Histogram): number {
  let t = 0;
  for (let i = 0; i < h.counts.length; i++) t += h.counts[i];
  return t;
}

export interface HistogramStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  p5: number;
  p25: number;
  median: number;
  p75: number;
  p95: number;
  nanCount: number;
  infCount: number;
}

/** Mean and std come from sum / sum_squares (exact for HistogramProto; bucket-centre estimates for TF2 tensors). */
export function histogramStats(h: Histogram): HistogramStats {
  const count = h.num;
  const mean = count > 0 ? h.sum / count : Number.NaN;
  const variance = count > 0 ? Math.max(0, h.sumSquares / count - mean * mean) : Number.NaN;
  return {
    count,
    min: count > 0 ? h.min : Number.NaN,
    max: count > 0 ? h.max : Number.NaN,
    mean,
    std: Math.sqrt(variance),
    p5: histogramPercentile(h, 0.05),
    p25: histogramPercentile(h, 0.25),
    median: histogramPercentile(h, 0.5),
    p75: histogramPercentile(h, 0.75),
    p95: histogramPercentile(h, 0.95),
    nanCount: h.nanCount ?? 0,
    infCount: h.infCount ?? 0,
  };
}

/** TensorBoard's distribution bands: min, ±1.5σ, ±1σ, ±0.5σ, median, … max in normal-distribution basis points. */
export const NORMAL_HISTOGRAM_BPS = [0, 668, 1587, 3085, 5000, 6915, 8413, 9332, 10000] as const;

export interface CompressedPoint {
  basisPoints: number;
  value: number;
}

/**
 * The value at each basis point of the cumulative distribution, computed like TensorBoard's
 * distribution compressor: walk cumulative weights, interpolate linearly inside the bucket where
 * a basis point falls (the first non-empty bucket starts at min), and fill with max past the end.
 */
export function compressHistogram(
  h: Histogram,
  bps: readonly number[] = NORMAL_HISTOGRAM_BPS,
): CompressedPoint[] {
  const total = totalCount(h);
  if (h.counts.length === 0 || total === 0) return bps.map((b) => ({ basisPoints: b, value: 0 }));
  const { rights } = bucketEdges(h);
  const scale = bps[bps.length - 1] / total;
  const weights = new Float64Array(h.counts.length);
  let cum = 0;
  for (let i = 0; i < weights.length; i++) {
    cum += h.counts[i] * scale;
    weights[i] = cum;
  }
  const out: CompressedPoint[] = [];
  let b = 0;
  for (; b < bps.length; b++) {
    const bp = bps[b];
    // First bucket whose cumulative weight is strictly above bp, skipping empty buckets.
    let i = upperBound(weights, bp);
    while (i < weights.length && weights[i] === (i > 0 ? weights[i - 1] : 0)) i++;
    if (i >= weights.length) break;
    const hiW = weights[i];
    const loW = i > 0 ? weights[i - 1] : 0;
    const lhs = i === 0 || loW === 0 ? h.min : Math.max(rights[i - 1], h.min);
    const rhs = Math.min(rights[i], h.max);
    out.push({ basisPoints: bp, value: lhs + ((bp - loW) / (hiW - loW)) * (rhs - lhs) });
  }
  for (; b < bps.length; b++) out.push({ basisPoints: bps[b], value: h.max });
  return out;
}

function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const LEVELS = ' ▁▂▃▄▅▆▇█';

/**
 * A one-line sparkline of the histogram over [min, max], `width` characters: each column is
 * the count falling in that slice of the range (bucket counts spread uniformly over the bucket),
 * scaled so the fullest column is █ and any non-empty column is at least ▁.
 */
export function textHistogram(h: Histogram, width = 40): string {
  const cols = new Float64Array(Math.max(1, Math.floor(width)));
  const n = cols.length;
  const range = h.max - h.min;
  const { lefts, rights } = bucketEdges(h);
  const colOf = (x: number) => Math.min(n - 1, Math.max(0, Math.floor(((x - h.min) / range) * n)));
  for (let i = 0; i < h.counts.length; i++) {
    const c = h.counts[i];
    if (!(c > 0)) continue;
    if (!(range > 0)) {
      cols[n >> 1] += c;
      continue;
    }
    const l = lefts[i];
    const r = rights[i];
    if (!(r > l)) {
      cols[colOf(l)] += c;
      continue;
    }
    const first = colOf(l);
    const last = colOf(r);
    for (let j = first; j <= last; j++) {
      const cl = h.min + (range * j) / n;
      const cr = h.min + (range * (j + 1)) / n;
      const overlap = Math.min(r, cr) - Math.max(l, cl);
      if (overlap > 0) cols[j] += (c * overlap) / (r - l);
    }
  }
  let peak = 0;
  for (const c of cols) peak = Math.max(peak, c);
  let s = '';
  for (const c of cols) {
    s += c > 0 && peak > 0 ? LEVELS[Math.max(1, Math.ceil((c / peak) * 8 - 1e-9))] : LEVELS[0];
  }
  return s;
}
