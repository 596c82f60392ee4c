import { createRng, shuffle } from '../model/rng.js';
import { DataError, type Dataset, subset } from './dataset.js';

/**
 * Iterative stratification for multi-label data (Sechidis, Tsoumakas & Vlahavas, "On the
 * stratification of multi-label data", ECML PKDD 2011, Algorithm 1): split rows into subsets of
 * the given fractions so that every label — rare ones first — keeps its proportion in each subset.
 *
 *   desired[j] = n·r_j rows and desired[j][l] = |rows with l|·r_j positives of l per subset j.
 *   Repeat: take the label l with the fewest remaining rows (> 0); give each remaining row with l
 *   to the subset that most wants l, then the one that wants the most rows, then at random; every
 *   label of that row lowers that subset's wants. Rows with no label go last, to the subset that
 *   wants the most rows.
 *
 * Randomness (seeded): the row order within a label, and ties at each choice. Returns one sorted
 * list of row indices per fraction; together they hold every row exactly once.
 */
export function iterativeStratifiedSplit(
  y: Uint8Array,
  nRows: number,
  nLabels: number,
  fractions: number[],
  seed: number,
): Uint32Array[] {
  const k = fractions.length;
  const total = fractions.reduce((a, b) => a + b, 0);
  if (k === 0 || fractions.some((f) => !(f >= 0)) || Math.abs(total - 1) > 1e-9) {
    throw new DataError(`split fractions [${fractions.join(', ')}] must be ≥ 0 and sum to 1`);
  }
  if (y.length !== nRows * nLabels)
    throw new Error(`y has ${y.length} entries, expected ${nRows}×${nLabels}`);
  const L = nLabels;
  const rng = createRng(seed);
  const order = shuffle(
    Uint32Array.from({ length: nRows }, (_, i) => i),
    rng,
  );

  const remaining = new Int32Array(L);
  for (let i = 0; i < nRows; i++) for (let l = 0; l < L; l++) remaining[l] += y[i * L + l];
  const byLabel: Uint32Array[] = [];
  const fill = new Int32Array(L);
  for (let l = 0; l < L; l++) byLabel.push(new Uint32Array(remaining[l]));
  for (const i of order) for (let l = 0; l < L; l++) if (y[i * L + l]) byLabel[l][fill[l]++] = i;

  const want = Float64Array.from(fractions, (r) => r * nRows);
  const wantL = new Float64Array(k * L);
  for (let j = 0; j < k; j++) for (let l = 0; l < L; l++) wantL[j * L + l] = remaining[l] * fractions[j];

  const subsetOf = new Int32Array(nRows).fill(-1);
  const ties: number[] = [];
  const pickRandom = () => ties[ties.length === 1 ? 0 : rng.int(ties.length)];

  for (;;) {
    // The label with the fewest remaining rows, ties at random.
    let fewest = Number.POSITIVE_INFINITY;
    ties.length = 0;
    for (let l = 0; l < L; l++) {
      const r = remaining[l];
      if (r <= 0) continue;
      if (r < fewest) {
        fewest = r;
        ties.length = 0;
      }
      if (r === fewest) ties.push(l);
    }
    if (ties.length === 0) break;
    const l = pickRandom();
    for (const i of byLabel[l]) {
      if (subsetOf[i] >= 0) continue;
      let best = Number.NEGATIVE_INFINITY;
      let bestRows = Number.NEGATIVE_INFINITY;
      ties.length = 0;
      for (let j = 0; j < k; j++) {
        const wl = wantL[j * L + l];
        if (wl > best || (wl === best && want[j] > bestRows)) {
          best = wl;
          bestRows = want[j];
          ties.length = 0;
        }
        if (wl === best && want[j] === bestRows) ties.push(j);
      }
      const j = pickRandom();
      subsetOf[i] = j;
      want[j]--;
      for (let m = 0; m < L; m++) {
        if (y[i * L + m]) {
          wantL[j * L + m]--;
          remaining[m]--;
        }
      }
    }
  }
  for (const i of order) {
    if (subsetOf[i] >= 0) continue;
    let best = Number.NEGATIVE_INFINITY;
    ties.length = 0;
    for (let j = 0; j < k; j++) {
      if (want[j] > best) {
        best = want[j];
        ties.length = 0;
      }
      if (want[j] === best) ties.push(j);
    }
    const j = pickRandom();
    subsetOf[i] = j;
    want[j]--;
  }

  const sizes = new Int32Array(k);
  for (let i = 0; i < nRows; i++) sizes[subsetOf[i]]++;
  const out = Array.from(sizes, (s) => new Uint32Array(s));
  sizes.fill(0);
  for (let i = 0; i < nRows; i++) out[subsetOf[i]][sizes[subsetOf[i]]++] = i;
  return out;
}

export interface SplitResult {
  train: Dataset;
  val?: Dataset;
  test?: Dataset;
  /** Row indices into the original data set, for the record. */
  indices: { train: Uint32Array; val?: Uint32Array; test?: Uint32Array };
  /** The seed that reproduces this split (report it). */
  seed: number;
}

/**
 * Train / validation / test by iterative stratification. A fraction of 0 leaves that part out
 * (no `--test` file given → testFraction > 0; no `--val-fraction` → valFraction 0).
 */
export function trainValTestSplit(
  ds: Dataset,
  opts: { testFraction?: number; valFraction?: number; seed: number },
): SplitResult {
  const test = opts.testFraction ?? 0.2;
  const val = opts.valFraction ?? 0;
  for (const [name, f] of [
    ['test fraction', test],
    ['--val-fraction', val],
  ] as const) {
    if (!(f >= 0 && f < 1))
      throw new DataError(`${name} ${f}: expected a number from 0 up to (not including) 1`);
  }
  if (test + val >= 1)
    throw new DataError(`test fraction ${test} + --val-fraction ${val} leave no training rows`);
  const parts: ('train' | 'val' | 'test')[] = ['train'];
  const fractions = [1 - test - val];
  if (val > 0) {
    parts.push('val');
    fractions.push(val);
  }
  if (test > 0) {
    parts.push('test');
    fractions.push(test);
  }
  const idx = iterativeStratifiedSplit(ds.y, ds.nRows, ds.nLabels, fractions, opts.seed);
  const indices: SplitResult['indices'] = { train: idx[0] };
  const result: SplitResult = { train: ds, indices, seed: opts.seed };
  parts.forEach((p, i) => {
    if (idx[i].length === 0)
      throw new DataError(`${ds.source}: the ${p} split is empty (${ds.nRows} rows in all)`);
    indices[p] = idx[i];
    result[p] = subset(ds, idx[i], `${ds.source}#${p}(iterative-stratified, seed=${opts.seed})`);
  });
  return result;
}
