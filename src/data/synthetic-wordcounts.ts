import { createRng, type Rng } from '../model/rng.js';
import { type Dataset, denseDataset } from './dataset.js';

export interface WordcountOptions {
  rows: number;
  features: number;
  labels: number;
  density: number;
  seed: number;
  /** Mean document length (Poisson), scikit-learn's `length`. */
  length: number;
}

/**
 * scikit-learn's make_multilabel_classification (allow_unlabeled=True), same generative process:
 *   class priors p(c) ~ U(0,1) normalised; per-class word distributions p(w|c) ~ U(0,1) normalised
 *   over the F words; for each document: number of labels ~ Poisson(λ), redrawn while > K; that
 *   many distinct classes drawn from p(c); length ~ Poisson(length), redrawn while 0; each word
 *   drawn from Σ_{c∈labels} p(w|c) normalised (uniform over words if the document has no label);
 *   x = word counts (raw, not scaled). λ is solved so that E[#labels | ≤ K] = density·K.
 * Not bit-identical to scikit-learn (different RNG), same distribution.
 */
export function generateWordcounts(o: WordcountOptions): Dataset {
  const { rows: n, features: F, labels: K } = o;
  const rng = createRng(o.seed);
  const prm = rng.fork();
  const smp = rng.fork();
  const cumC = new Float64Array(K);
  let acc = 0;
  for (let c = 0; c < K; c++) cumC[c] = acc += prm.next();
  for (let c = 0; c < K; c++) cumC[c] /= acc;
  // pwc[c * F + w] = p(w | c)
  const pwc = new Float64Array(K * F);
  for (let w = 0; w < F; w++) for (let c = 0; c < K; c++) pwc[c * F + w] = prm.next();
  for (let c = 0; c < K; c++) {
    let s = 0;
    for (let w = 0; w < F; w++) s += pwc[c * F + w];
    for (let w = 0; w < F; w++) pwc[c * F + w] /= s;
  }
  const lambda = poissonRateForTruncatedMean(o.density * K, K);

  const x = new Float32Array(n * F);
  const y = new Uint8Array(n * K);
  const cumW = new Float64Array(F);
  const chosen = new Uint8Array(K);
  for (let i = 0; i < n; i++) {
    let size = poisson(lambda, smp);
    while (size > K) size = poisson(lambda, smp);
    chosen.fill(0);
    for (let got = 0; got < size; ) {
      const c = searchSorted(cumC, smp.next());
      if (chosen[c] === 0) {
        chosen[c] = 1;
        got++;
      }
    }
    let words = 0;
    while (words === 0) words = poisson(o.length, smp);
    const xo = i * F;
    if (size === 0) {
      for (let t = 0; t < words; t++) x[xo + smp.int(F)] += 1;
      continue;
    }
    cumW.fill(0);
    for (let c = 0; c < K; c++) {
      if (chosen[c] === 0) continue;
      y[i * K + c] = 1;
      for (let w = 0; w < F; w++) cumW[w] += pwc[c * F + w];
    }
    for (let w = 1; w < F; w++) cumW[w] += cumW[w - 1];
    const total = cumW[F - 1];
    for (let t = 0; t < words; t++) x[xo + searchSorted(cumW, smp.next() * total)] += 1;
  }
  return denseDataset(x, y, {
    nRows: n,
    featureNames: Array.from({ length: F }, (_, j) => `w${j + 1}`),
    labelNames: Array.from({ length: K }, (_, k) => `label${k + 1}`),
    source: '',
  });
}

/** First index with cum[i] > u (cum ascending); clamped to the last index against rounding. */
export function searchSorted(cum: Float64Array, u: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Poisson draw: Knuth's product method, split into pieces of mean ≤ 30 so exp(−λ) never underflows. */
export function poisson(lambda: number, rng: Rng): number {
  let total = 0;
  let rest = lambda;
  while (rest > 0) {
    const l = Math.min(rest, 30);
    rest -= l;
    const limit = Math.exp(-l);
    let k = 0;
    let p = rng.next();
    while (p > limit) {
      k++;
      p *= rng.next();
    }
    total += k;
  }
  return total;
}

/** λ such that E[Y | Y ≤ K] = target for Y ~ Poisson(λ) (bisection; the mean rises with λ). */
export function poissonRateForTruncatedMean(target: number, K: number): number {
  // Unnormalised Poisson weights (the ratio cancels e^−λ), rescaled so they never overflow.
  const mean = (lambda: number) => {
    let pk = 1;
    let s = 1;
    let m = 0;
    for (let k = 1; k <= K; k++) {
      pk *= lambda / k;
      s += pk;
      m += k * pk;
      if (s > 1e200) {
        pk /= 1e200;
        s /= 1e200;
        m /= 1e200;
      }
    }
    return m / s;
  };
  let lo = 0;
  let hi = K + 1;
  while (mean(hi) < target && hi < 1e12) hi *= 2;
  for (let it = 0; it < 200; it++) {
    const mid = (lo + hi) / 2;
    if (mean(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
