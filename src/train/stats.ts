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
