/**
 * The calibration corpus of the doctor benchmark: every data set in ../shared/data and every
 * synthetic preset, split into a calibration part (thresholds were looked at on it) and a
 * held-out part (rates reported separately, to show the thresholds were not tuned to it).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { denseFeatures } from '../../src/data/gather.js';
import { type Dataset, loadDataset } from '../../src/data/index.js';
import { parseTrainConfig } from '../../src/run/config.js';
import { withStandardTest } from '../../src/train/prepare.js';

export type Part = 'calibration' | 'held-out';

export interface CorpusSet {
  name: string;
  /** What --data, --test and --labels get for the healthy runs and the config-only faults. */
  data: string;
  test?: string;
  labels?: string;
  part: Part;
}

const SHARED = resolve('..', 'shared', 'data');

/**
 * The calibration part is the three sets the thresholds were developed on (two small real sets,
 * one synthetic); everything else, including sets added later, is held out.
 */
const CALIBRATION = new Set(['emotions', 'yeast', 'seed-like']);

/**
 * Synthetic sets of different shapes (generator, rows, width, label count, density), so that the
 * rates are not about one shape: small and tiny sets, many rare labels, labels near 50%, text.
 */
const SYNTHETIC: Record<string, string> = {
  'seed-like': 'seed-like:rows=4000',
  gaussian: 'gaussian:rows=4000',
  wordcounts: 'wordcounts:rows=4000,labels=20,density=0.15,features=300,seed=7',
  'text-like': 'text-like:rows=4000,features=1000,labels=100,density=0.03,seed=3',
  'gaussian-small': 'gaussian:rows=800,features=40,labels=4,density=0.3,factors=6,seed=5',
  'gaussian-rare': 'gaussian:rows=3000,features=100,labels=12,density=0.08,factors=8,seed=9',
  'wordcounts-half': 'wordcounts:rows=2500,features=60,labels=3,density=0.5,length=30,seed=11',
  'text-small': 'text-like:rows=2500,features=500,labels=40,density=0.06,length=30,seed=13',
};

/** Real sets larger than this many training rows are subsampled (seeded) to keep runs short. */
const MAX_ROWS = 5000;

export function corpusSets(): CorpusSet[] {
  const sets: CorpusSet[] = [];
  for (const name of ['emotions', 'yeast', 'scene', 'tmc2007']) {
    if (existsSync(join(SHARED, name))) sets.push({ name, data: name, part: part(name) });
  }
  const corel = join(SHARED, 'corel5k');
  if (existsSync(corel)) {
    sets.push({
      name: 'corel5k',
      data: join(corel, 'Corel5k-train-sparse.arff'),
      test: join(corel, 'Corel5k-test-sparse.arff'),
      labels: 'last:374',
      part: 'held-out',
    });
  }
  for (const [name, data] of Object.entries(SYNTHETIC)) sets.push({ name, data, part: part(name) });
  return sets;
}

function part(name: string): Part {
  return CALIBRATION.has(name) ? 'calibration' : 'held-out';
}

/**
 * The set as the bench trains it: a real set with more than MAX_ROWS training rows is written
 * once as CSV with a seeded subsample of MAX_ROWS training rows and MAX_ROWS / 4 test rows (tmc2007; corel5k stays sparse ARFF).
 */
export async function materialise(s: CorpusSet, dir: string): Promise<CorpusSet> {
  const { train, test } = await loadSet(s);
  if (train.nRows <= MAX_ROWS) return s;
  mkdirSync(dir, { recursive: true });
  const trainFile = join(dir, `${s.name}-sub-train.csv`);
  const testFile = join(dir, `${s.name}-sub-test.csv`);
  const out: CorpusSet = {
    ...s,
    data: trainFile,
    ...(test ? { test: testFile } : {}),
    labels: `last:${train.nLabels}`,
  };
  if (existsSync(trainFile) && (!test || existsSync(testFile))) return out;
  const pick = (ds: Dataset, n: number, seed: number) => {
    const order = Uint32Array.from({ length: ds.nRows }, (_, i) => i);
    shuffle(order, seed);
    return order.subarray(0, Math.min(n, ds.nRows)).sort();
  };
  writeRows(trainFile, train, pick(train, MAX_ROWS, 21));
  if (test) writeRows(testFile, test, pick(test, MAX_ROWS / 4, 22));
  return out;
}

function writeRows(file: string, ds: Dataset, rows: Uint32Array): void {
  const x = denseFeatures(ds);
  const nF = ds.nFeatures;
  const nL = ds.nLabels;
  const sx = new Float32Array(rows.length * nF);
  const sy = new Uint8Array(rows.length * nL);
  rows.forEach((r, i) => {
    sx.set(x.subarray(r * nF, (r + 1) * nF), i * nF);
    sy.set(ds.y.subarray(r * nL, (r + 1) * nL), i * nL);
  });
  writeCsv(file, { ...ds, nRows: rows.length }, sx, sy, null);
}

function shuffle(a: Uint32Array, seed: number): void {
  const next = xorshift(seed);
  for (let i = a.length - 1; i > 0; i--) {
    const k = Math.floor(next() * (i + 1));
    [a[i], a[k]] = [a[k], a[i]];
  }
}

function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** The training and test rows of a set as trainscope would load them (test: the standard split, if any). */
export async function loadSet(s: CorpusSet): Promise<{ train: Dataset; test: Dataset | null }> {
  const cfg = withStandardTest(parseTrainConfig({ data: s.data, test: s.test, labels: s.labels }));
  const train = await loadDataset(cfg.data, { labels: cfg.labels });
  const test = cfg.test ? await loadDataset(cfg.test, { labels: cfg.labels }) : null;
  return { train, test };
}

/** A data fault written to CSV: features standardised then scaled, or one label's column shuffled. */
export type DataFault = { kind: 'scale'; factor: number } | { kind: 'shuffle-label' };

export interface FaultData {
  data: string;
  test?: string;
  labels: string;
  /** The label whose column was shuffled, for the report. */
  shuffled?: string;
}

/**
 * Write the set with a fault applied as CSV files (cached by name in `dir`). Scaling uses the
 * training rows' mean and std, so "×100" means exactly features of std 100. The shuffled label
 * is the most frequent one (the one with the most evidence either way), shuffled independently
 * in the training and test rows, so its values no longer follow from the inputs.
 */
export async function faultData(s: CorpusSet, fault: DataFault, dir: string): Promise<FaultData> {
  mkdirSync(dir, { recursive: true });
  const tag = fault.kind === 'scale' ? `x${fault.factor}` : 'shuffled';
  const trainFile = join(dir, `${s.name}-${tag}-train.csv`);
  const testFile = join(dir, `${s.name}-${tag}-test.csv`);
  const { train, test } = await loadSet(s);
  const labels = `last:${train.nLabels}`;
  const shuffled = fault.kind === 'shuffle-label' ? mostFrequentLabel(train) : -1;
  const out: FaultData = {
    data: trainFile,
    ...(test ? { test: testFile } : {}),
    labels,
    ...(shuffled >= 0 ? { shuffled: train.labelNames[shuffled] } : {}),
  };
  if (existsSync(trainFile) && (!test || existsSync(testFile))) return out;
  const x = denseFeatures(train);
  const moments = fault.kind === 'scale' ? columnMoments(x, train.nRows, train.nFeatures) : null;
  const write = (ds: Dataset, xs: Float32Array, file: string, seed: number) => {
    const y = Uint8Array.from(ds.y);
    if (shuffled >= 0) shuffleColumn(y, ds.nRows, ds.nLabels, shuffled, seed);
    writeCsv(
      file,
      ds,
      xs,
      y,
      moments && fault.kind === 'scale' ? { ...moments, factor: fault.factor } : null,
    );
  };
  write(train, x, trainFile, 11);
  if (test) write(test, denseFeatures(test), testFile, 12);
  return out;
}

function mostFrequentLabel(ds: Dataset): number {
  const counts = new Float64Array(ds.nLabels);
  for (let i = 0; i < ds.y.length; i++) counts[i % ds.nLabels] += ds.y[i];
  return counts.indexOf(Math.max(...counts));
}

function shuffleColumn(y: Uint8Array, rows: number, labels: number, j: number, seed: number): void {
  const next = xorshift(seed);
  for (let r = rows - 1; r > 0; r--) {
    const k = Math.floor(next() * (r + 1));
    const a = y[r * labels + j];
    y[r * labels + j] = y[k * labels + j];
    y[k * labels + j] = a;
  }
}

function columnMoments(x: Float32Array, rows: number, nF: number): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(nF);
  const std = new Float64Array(nF);
  for (let r = 0; r < rows; r++) for (let j = 0; j < nF; j++) mean[j] += x[r * nF + j];
  for (let j = 0; j < nF; j++) mean[j] /= rows;
  for (let r = 0; r < rows; r++) for (let j = 0; j < nF; j++) std[j] += (x[r * nF + j] - mean[j]) ** 2;
  for (let j = 0; j < nF; j++) std[j] = Math.sqrt(std[j] / rows);
  return { mean, std };
}

function writeCsv(
  file: string,
  ds: Dataset,
  x: Float32Array,
  y: Uint8Array,
  scale: { mean: Float64Array; std: Float64Array; factor: number } | null,
): void {
  const nF = ds.nFeatures;
  const nL = ds.nLabels;
  const safe = (n: string, i: number) => `${n.replace(/[^\w.-]+/g, '_') || 'col'}_${i}`;
  const lines = [
    [...ds.featureNames.map((n, i) => safe(n, i)), ...ds.labelNames.map((n, i) => safe(n, i))].join(','),
  ];
  for (let r = 0; r < ds.nRows; r++) {
    const cells: string[] = [];
    for (let j = 0; j < nF; j++) {
      let v = x[r * nF + j];
      if (scale) v = scale.std[j] > 0 ? ((v - scale.mean[j]) / scale.std[j]) * scale.factor : 0;
      cells.push(v === 0 ? '0' : Number(v.toPrecision(6)).toString());
    }
    for (let k = 0; k < nL; k++) cells.push(String(y[r * nL + k]));
    lines.push(cells.join(','));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}
