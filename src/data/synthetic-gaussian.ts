import { createRng } from '../model/rng.js';
import { type Dataset, denseDataset } from './dataset.js';

export interface GaussianOptions {
  rows: number;
  features: number;
  labels: number;
  density: number;
  seed: number;
  /** Number of latent Gaussian factors shared by features and labels. */
  factors: number;
}

/** Share of each feature's variance that comes from the latent factors (the rest is noise). */
const SIGNAL = 0.5;
/** Weight of the pairwise product term in a label's score (what a linear model cannot see). */
const PRODUCT = 0.7;
/** Standard deviation of the per-label score noise (keeps the Bayes AUC below 1). */
const LABEL_NOISE = 0.5;

/**
 * Standardised Gaussian features from latent factors; labels from thresholded noisy linear +
 * pairwise-product functions of the same factors. Process (see synthetic.ts for the summary):
 *   z_i ~ N(0, I_Q);  x_ij = √s·(a_j·z_i) + √(1−s)·e_ij with |a_j| = 1, e ~ N(0,1)  → x_ij ~ N(0,1)
 *   score_ik = u_k·z_i + β·z_i[p_k]·z_i[q_k] + γ·ε_ik with |u_k| = 1
 *   y_ik = 1 iff score_ik is above its (1 − r_k) quantile over the generated rows,
 *   r_k spread evenly over [0.6d, 1.4d] (mean d), so the density is d up to rounding.
 * Parameters (a, u, p, q) come from one forked stream and rows from another, so changing `rows`
 * keeps the same underlying problem.
 */
export function generateGaussian(o: GaussianOptions): Dataset {
  const { rows: n, features: F, labels: K, density: d, factors: Q } = o;
  const rng = createRng(o.seed);
  const prm = rng.fork();
  const smp = rng.fork();
  const A = unitRows(F, Q, prm);
  const U = unitRows(K, Q, prm);
  const p = new Int32Array(K);
  const q = new Int32Array(K);
  for (let k = 0; k < K; k++) {
    p[k] = prm.int(Q);
    q[k] = Q > 1 ? (p[k] + 1 + prm.int(Q - 1)) % Q : p[k];
  }
  const x = new Float32Array(n * F);
  const scores = new Float64Array(n * K);
  const z = new Float64Array(Q);
  const sa = Math.sqrt(SIGNAL);
  const se = Math.sqrt(1 - SIGNAL);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < Q; f++) z[f] = smp.normal();
    const xo = i * F;
    for (let j = 0; j < F; j++) {
      let s = 0;
      const ao = j * Q;
      for (let f = 0; f < Q; f++) s += A[ao + f] * z[f];
      x[xo + j] = sa * s + se * smp.normal();
    }
    for (let k = 0; k < K; k++) {
      let s = 0;
      const uo = k * Q;
      for (let f = 0; f < Q; f++) s += U[uo + f] * z[f];
      // With one factor the "pair" is z², centred so it does not shift the score.
      const prod = p[k] === q[k] ? z[p[k]] * z[p[k]] - 1 : z[p[k]] * z[q[k]];
      scores[i * K + k] = s + PRODUCT * prod + LABEL_NOISE * smp.normal();
    }
  }
  const y = new Uint8Array(n * K);
  const col = new Float64Array(n);
  const spread = Math.min(0.4, (0.99 - d) / d, (d - 0.001) / d);
  for (let k = 0; k < K; k++) {
    const rate = K === 1 ? d : d * (1 - spread + (2 * spread * k) / (K - 1));
    const positives = Math.round(rate * n);
    for (let i = 0; i < n; i++) col[i] = scores[i * K + k];
    const sorted = col.slice().sort();
    // the `positives` largest scores are positive (ties, measure zero, may add one or two)
    const t = positives === 0 ? Number.POSITIVE_INFINITY : sorted[n - positives];
    for (let i = 0; i < n; i++) y[i * K + k] = col[i] >= t ? 1 : 0;
  }
  return denseDataset(x, y, {
    nRows: n,
    featureNames: Array.from({ length: F }, (_, j) => `f${j + 1}`),
    labelNames: Array.from({ length: K }, (_, k) => `label${k + 1}`),
    source: '',
  });
}

function unitRows(rows: number, cols: number, rng: { normal(): number }): Float64Array {
  const m = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let ss = 0;
    for (let c = 0; c < cols; c++) {
      const v = rng.normal();
      m[r * cols + c] = v;
      ss += v * v;
    }
    const inv = 1 / Math.sqrt(ss);
    for (let c = 0; c < cols; c++) m[r * cols + c] *= inv;
  }
  return m;
}
