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
  fingerprint: string;
}

/**
 * Load the data, hold out validation (and test, when no test file is given) with an
 * iterative-stratification split, and standardise with statistics of the training rows only.
 */
export async function prepareData(c: TrainConfig): Promise<PreparedData> {
  // Missing features stay NaN until the training rows' means are known (no test statistics leak in).
  const impute = c.impute === 'mean' ? 'keep' : 'none';
  const all = await loadDataset(c.data, { labels: c.labels, impute });
  const fp = fingerprint(all);
  let trainRows: Dataset;
  let val: Dataset | null = null;
  let test: Dataset;
  let split: string;
  if (c.test) {
    test = await loadDataset(c.test, { labels: c.labels, impute });
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
  if (trainRows.nRows === 0) throw new UserError(`${c.data}: no training rows left after the split`);
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
    fingerprint: fp,
  };
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
  if (/[\\/]|\.(arff|csv)(\.gz)?$/i.test(data)) return undefined;
  try {
    const r = resolveSource(data);
    if (r.kind !== 'arff' || !/-train\.arff$/i.test(r.path)) return undefined;
    const test = r.path.replace(/-train\.arff$/i, '-test.arff');
    return existsSync(test) ? test : undefined;
  } catch {
    return undefined;
  }
}
