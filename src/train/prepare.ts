import { existsSync } from 'node:fs';
import { type Dataset, subset } from '../data/dataset.js';
import {
  applyScaler,
  fingerprint,
  fitScaler,
  iterativeStratifiedSplit,
  loadDataset,
  resolveSource,
  type Scaler,
} from '../data/index.js';
import { fillMissing, presentMeans } from '../data/moments.js';
import { UserError } from '../errors.js';
import type { TrainConfig } from '../run/config.js';

export interface PreparedData {
  train: Dataset;
  val: Dataset | null;
  test: Dataset;
  /** Fitted on the training rows only; stored with the model. */
  scaler: Scaler | null;
  /** With --impute mean: each feature's mean over the training rows, which filled every missing value. */
  imputeMeans: number[] | null;
  /** Describes where each part came from, for the run's metadata. */
  split: string;
  /** What the readers noticed that the user may want to act on (printed, not fatal). */
  notes: string[];
  fingerprint: string;
}

/**
 * Load the data, hold out validation (and test, when no test file is given) with an
 * iterative-stratification split, and standardise with statistics of the training rows only.
 */
export async function prepareData(c: TrainConfig): Promise<PreparedData> {
  // Missing features stay NaN until the training rows' means are known (no test statistics leak in).
  const impute = c.impute === 'mean' ? 'keep' : 'none';
  const ignore = ignoreList(c.ignore);
  const all = await loadDataset(c.data, { labels: c.labels, impute, ignore });
  const fp = fingerprint(all);
  let trainRows: Dataset;
  let val: Dataset | null = null;
  let test: Dataset;
  let split: string;
  if (c.test) {
    test = await loadDataset(c.test, { labels: c.labels, impute, ignore });
    if (test.nFeatures !== all.nFeatures || test.nLabels !== all.nLabels) {
      throw new UserError(
        `${c.test}: has ${test.nFeatures} features and ${test.nLabels} labels, but ${c.data} has ${all.nFeatures} and ${all.nLabels}`,
      );
    }
    const mismatch = all.labelNames.findIndex((n, i) => test.labelNames[i] !== n);
    if (mismatch >= 0) {
      throw new UserError(
        `${c.test}: label ${mismatch + 1} is '${test.labelNames[mismatch]}', but in ${c.data} it is '${all.labelNames[mismatch]}'`,
      );
    }
    if (c.valFraction > 0) {
      const [tr, va] = iterativeStratifiedSplit(
        all.y,
        all.nRows,
        all.nLabels,
        [1 - c.valFraction, c.valFraction],
        c.seed,
      );
      trainRows = subset(all, tr);
      val = subset(all, va);
    } else trainRows = all;
    split = `test from ${c.test}; validation ${c.valFraction} of ${c.data} (iterative stratification, seed ${c.seed})`;
  } else {
    const fr = [1 - c.valFraction - c.testFraction, c.valFraction, c.testFraction];
    if (c.testFraction <= 0) throw new UserError('testFraction: must be > 0 when no test file is given');
    const [tr, va, te] = iterativeStratifiedSplit(all.y, all.nRows, all.nLabels, fr, c.seed);
    trainRows = subset(all, tr);
    val = c.valFraction > 0 ? subset(all, va) : null;
    test = subset(all, te);
    split = `train/validation/test ${fr.map((f) => f.toFixed(2)).join('/')} of ${c.data} (iterative stratification, seed ${c.seed})`;
  }
  checkSplit(c, all.nRows, { train: trainRows, val, test, testFromSplit: !c.test });
  const notes = [...(all.notes ?? []), ...(c.test ? (test.notes ?? []) : [])];
  let imputeMeans: number[] | null = null;
  if (c.impute === 'mean') {
    imputeMeans = presentMeans(trainRows);
    for (const part of [trainRows, val, test]) if (part) fillMissing(part, imputeMeans);
  }
  if (!c.standardize)
    return {
      train: trainRows,
      val,
      test,
      scaler: null,
      imputeMeans,
      split,
      notes,
      fingerprint: fp,
    };
  const scaler = fitScaler(trainRows);
  return {
    train: applyScaler(scaler, trainRows),
    val: val && applyScaler(scaler, val),
    test: applyScaler(scaler, test),
    scaler,
    imputeMeans,
    split,
    notes,
    fingerprint: fp,
  };
}

/** The --ignore names as a list (a comma-separated string or a YAML list). */
export function ignoreList(v: TrainConfig['ignore']): string[] {
  const names = typeof v === 'string' ? v.split(',') : (v ?? []);
  return names.map((n) => n.trim()).filter((n) => n !== '');
}

/** Every part the run needs has rows: too few rows must say so, not train on nothing. */
function checkSplit(
  c: TrainConfig,
  rows: number,
  p: { train: Dataset; val: Dataset | null; test: Dataset; testFromSplit: boolean },
): void {
  const empty: string[] = [];
  if (p.train.nRows === 0) empty.push('training');
  if (c.valFraction > 0 && (p.val === null || p.val.nRows === 0)) {
    empty.push(`validation (--val-fraction ${c.valFraction})`);
  }
  if (p.testFromSplit && p.test.nRows === 0) empty.push(`test (--test-fraction ${c.testFraction})`);
  if (empty.length === 0) return;
  const fixes = [
    'more rows',
    ...(p.testFromSplit ? ['a --test FILE'] : []),
    ...(c.valFraction > 0 ? ['--val-fraction 0'] : []),
  ];
  throw new UserError(
    `${c.data}: ${rows === 1 ? '1 row is' : `${rows} rows are`} too few to split: the ${empty.join(' and the ')} split${empty.length > 1 ? 's are' : ' is'} empty (give ${fixes.join(', or ')})`,
  );
}

/**
 * A data set named without a path (`--data scene`) comes with its standard split: when it
 * resolves to `x-train.arff` and `x-test.arff` sits beside it, that is the test set.
 */
export function withStandardTest(c: TrainConfig): TrainConfig {
  const test = c.test ?? standardTestFile(c.data);
  return test ? { ...c, test } : c;
}

function standardTestFile(data: string): string | undefined {
  if (/[\\/]|\.(arff|csv)(\.gz|\.bz2)?$/i.test(data)) return undefined;
  try {
    const r = resolveSource(data);
    if (r.kind !== 'arff' || !/-train\.arff(\.gz|\.bz2)?$/i.test(r.path)) return undefined;
    const test = r.path.replace(/-train(\.arff(\.gz|\.bz2)?)$/i, '-test$1');
    return existsSync(test) ? test : undefined;
  } catch {
    return undefined;
  }
}
