import { createRng } from '../model/rng.js';
import type { Dataset } from './dataset.js';
import { poisson, searchSorted, type WordcountOptions } from './synthetic-wordcounts.js';

/** Same knobs as the word-count generator; `density` is the label density (labels per row / labels). */
export type TextOptions = WordcountOptions;

/** Share of a row's words drawn from its labels' topics (the rest from the background vocabulary). */
const TOPIC_SHARE = 0.5;
/** Characteristic words per label. */
const TOPIC_WORDS = 20;

/**
 * Text-like multi-label data, generated straight into CSR (never dense): bag-of-words counts
 * over a Zipf vocabulary, labels with a Zipf (rare-label) prevalence like real tagging corpora
 * (a few labels on many rows, most on a handful). Per row: 1 + Poisson(density·L − 1) distinct
 * labels drawn by prevalence; 1 + Poisson(length − 1) words, each from one of the row's labels'
 * topic (20 characteristic words) with probability ½, else from the background Zipf. Values
 * are raw counts (sparse, non-negative: zero-preserving scaling keeps them sparse).
 * Defaults (preset `text-like`): 100,000 × 2,000, 1,000 labels, 3.5 labels per row, 40 words per
 * row (≈1.7% non-zero features).
 */
export function generateText(o: TextOptions): Dataset {
  const { rows: n, features: F, labels: L } = o;
  const rng = createRng(o.seed);
  const prm = rng.fork();
  const smp = rng.fork();
  const zipf = (size: number, s: number) => {
    const cum = new Float64Array(size);
    let acc = 0;
    for (let i = 0; i < size; i++) cum[i] = acc += 1 / (i + 1) ** s;
    for (let i = 0; i < size; i++) cum[i] /= acc;
    return cum;
  };
  // Which feature/label holds which Zipf rank: a seeded permutation, so rank is not column order.
  const perm = (size: number) => {
    const p = Uint32Array.from({ length: size }, (_, i) => i);
    for (let i = size - 1; i > 0; i--) {
      const j = prm.int(i + 1);
      [p[i], p[j]] = [p[j], p[i]];
    }
    return p;
  };
  const labelCum = zipf(L, 1);
  const labelOf = perm(L);
  const wordCum = zipf(F, 1);
  const wordOf = perm(F);
  const topics = new Uint32Array(L * TOPIC_WORDS);
  for (let i = 0; i < topics.length; i++) topics[i] = prm.int(F);

  const extra = Math.max(0, o.density * L - 1);
  const y = new Uint8Array(n * L);
  const rowStart = new Float64Array(n + 1);
  let cols: Uint32Array = new Uint32Array(Math.ceil(n * Math.min(F, o.length) * 1.1) + 16);
  let values: Float32Array = new Float32Array(cols.length);
  const counts = new Float32Array(F);
  const touched = new Uint32Array(F);
  const chosen: number[] = [];
  let nnz = 0;
  for (let r = 0; r < n; r++) {
    const k = Math.min(L, 1 + poisson(extra, smp));
    chosen.length = 0;
    while (chosen.length < k) {
      const c = labelOf[searchSorted(labelCum, smp.next())];
      if (y[r * L + c] === 0) {
        y[r * L + c] = 1;
        chosen.push(c);
      }
    }
    const words = 1 + poisson(o.length - 1, smp);
    let t = 0;
    for (let w = 0; w < words; w++) {
      const j =
        smp.next() < TOPIC_SHARE
          ? topics[chosen[smp.int(k)] * TOPIC_WORDS + smp.int(TOPIC_WORDS)]
          : wordOf[searchSorted(wordCum, smp.next())];
      if (counts[j] === 0) touched[t++] = j;
      counts[j] += 1;
    }
    const row = touched.subarray(0, t).sort();
    if (nnz + t > cols.length) {
      const grow = (a: Uint32Array | Float32Array, size: number) => {
        const b = new (a.constructor as Uint32ArrayConstructor | Float32ArrayConstructor)(size);
        b.set(a.subarray(0, nnz));
        return b;
      };
      const size = Math.max(2 * cols.length, nnz + t);
      cols = grow(cols, size) as Uint32Array;
      values = grow(values, size) as Float32Array;
    }
    for (const j of row) {
      cols[nnz] = j;
      values[nnz++] = counts[j];
      counts[j] = 0;
    }
    rowStart[r + 1] = nnz;
  }
  return {
    store: { kind: 'csr', rowStart, cols: cols.slice(0, nnz), values: values.slice(0, nnz) },
    rows: null,
    transform: null,
    y,
    nRows: n,
    nFeatures: F,
    nLabels: L,
    featureNames: Array.from({ length: F }, (_, j) => `w${j + 1}`),
    labelNames: Array.from({ length: L }, (_, l) => `label${l + 1}`),
    source: '',
  };
}
