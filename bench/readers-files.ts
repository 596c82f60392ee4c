import { probabilityCheck, truthCheck } from '../src/cli/metrics.js';
import { storeBytes } from '../src/data/dataset.js';
import { readMatrixCsv } from '../src/data/matrix-csv.js';
import { loadDataset } from '../src/data/source.js';
import { createRng } from '../src/model/rng.js';

/**
 * The readers' benchmark inputs, generated (seeded) in the shapes the issues name and the number
 * spellings real files have: counts, fixed decimals, shortest round-trip doubles (what Python's
 * repr, pandas and JavaScript write: up to 17 significant digits) and numpy.savetxt's default
 * `%.18e` (19 significant digits). Each case reads its file the way the command does: `train`
 * through loadDataset, `metrics` through readMatrixCsv with metrics' own value checks.
 */
export interface ReaderCase {
  id: string;
  name: string;
  /** File name (its extension says how it is read; .gz cases are gzipped after generation). */
  file: string;
  rows: number;
  make: (rows: number) => { text: string; json: string };
  /** Reads the file once; returns the bytes the result holds (features + labels, or values). */
  read: (path: string) => Promise<number>;
}

const dataset = (labels: string) => async (path: string) => {
  const ds = await loadDataset(path, { labels });
  return storeBytes(ds.store) + ds.y.byteLength;
};
const matrix =
  (check: (v: number) => string | null, binary = false) =>
  async (path: string) =>
    (await readMatrixCsv(path, { check, binary })).values.byteLength;

export function readerCases(scale = 1): ReaderCase[] {
  return [
    {
      id: 'sparse-arff',
      name: 'train: sparse ARFF 100k × 1000, 1.9% nz',
      file: 'sparse.arff',
      rows: 100_000 * scale,
      make: sparseArff,
      read: dataset('last:28'),
    },
    {
      id: 'sparse-arff-gz',
      name: 'train: the same, .arff.gz',
      file: 'sparse.arff.gz',
      rows: 100_000 * scale,
      make: sparseArff,
      read: dataset('last:28'),
    },
    {
      id: 'dense-arff',
      name: 'train: dense ARFF 10k × 294, 6 decimals',
      file: 'dense.arff',
      rows: 10_000 * scale,
      make: denseArff,
      read: dataset('last:28'),
    },
    {
      id: 'zeros-csv',
      name: 'train: mostly-zero CSV 20k × 1000',
      file: 'zeros.csv',
      rows: 20_000 * scale,
      make: zerosCsv,
      read: dataset('last:10'),
    },
    {
      id: 'repr-csv',
      name: 'train: dense CSV 6k × 294, 17 digits',
      file: 'repr.csv',
      rows: 6_000 * scale,
      make: reprCsv,
      read: dataset('last:6'),
    },
    {
      id: 'scores',
      name: 'metrics: scores 4k × 983, 7 decimals',
      file: 'scores.csv',
      rows: 4_000 * scale,
      make: scoresCsv,
      read: matrix(probabilityCheck),
    },
    {
      id: 'scores-e18',
      name: 'metrics: scores 1.5k × 983, %.18e',
      file: 'scores-e18.csv',
      rows: 1_500 * scale,
      make: savetxtCsv,
      read: matrix(probabilityCheck),
    },
    {
      id: 'truth',
      name: 'metrics: truth 16k × 983, 0/1',
      file: 'truth.csv',
      rows: 16_000 * scale,
      make: truthCsv,
      read: matrix(truthCheck, true),
    },
  ];
}

function sparseArff(rows: number) {
  const rng = createRng(7);
  const F = 1000;
  const L = 28;
  const head = ['@relation sparse', ...Array.from({ length: F }, (_, j) => `@attribute f${j} numeric`)];
  for (let k = 0; k < L; k++) head.push(`@attribute y${k} {0,1}`);
  head.push('@data');
  const out: string[] = [head.join('\n')];
  const nums: number[] = [];
  for (let r = 0; r < rows; r++) {
    const cols = new Set<number>();
    while (cols.size < 19) cols.add(rng.int(F));
    const e = [...cols]
      .sort((a, b) => a - b)
      .map((c) => {
        const v = 1 + rng.int(5);
        nums.push(c, v);
        return `${c} ${v}`;
      });
    for (let k = 0; k < L; k++) if (rng.next() < 0.08) e.push(`${F + k} 1`);
    out.push(`{${e.join(',')}}`);
  }
  return { text: `${out.join('\n')}\n`, json: JSON.stringify(nums) };
}

function denseArff(rows: number) {
  const rng = createRng(8);
  const F = 294;
  const head = ['@relation dense', ...Array.from({ length: F }, (_, j) => `@attribute f${j} numeric`)];
  for (let k = 0; k < 28; k++) head.push(`@attribute y${k} {0,1}`);
  head.push('@data');
  const out: string[] = [head.join('\n')];
  const nums: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let j = 0; j < F; j++) {
      const v = rng.next();
      nums.push(v);
      row.push(v.toFixed(6));
    }
    for (let k = 0; k < 28; k++) row.push(rng.next() < 0.2 ? '1' : '0');
    out.push(row.join(','));
  }
  return { text: `${out.join('\n')}\n`, json: JSON.stringify(nums.map((v) => Number(v.toFixed(6)))) };
}

function zerosCsv(rows: number) {
  const rng = createRng(9);
  const F = 1000;
  const out = [
    [...Array.from({ length: F }, (_, j) => `w${j}`), ...Array.from({ length: 10 }, (_, k) => `y${k}`)].join(
      ',',
    ),
  ];
  const nums: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = new Array<string>(F + 10).fill('0');
    for (let t = 0; t < 20; t++) row[rng.int(F)] = String(1 + rng.int(3));
    for (let k = 0; k < 10; k++) row[F + k] = rng.next() < 0.1 ? '1' : '0';
    for (const v of row) nums.push(Number(v));
    out.push(row.join(','));
  }
  return { text: `${out.join('\n')}\n`, json: JSON.stringify(nums) };
}

/** Standardised-looking features as JavaScript and Python print doubles (shortest round trip). */
function reprCsv(rows: number) {
  const rng = createRng(11);
  const F = 294;
  const L = 6;
  const out = [
    [...Array.from({ length: F }, (_, j) => `x${j}`), ...Array.from({ length: L }, (_, k) => `y${k}`)].join(
      ',',
    ),
  ];
  const nums: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let j = 0; j < F; j++) {
      const v = rng.normal();
      nums.push(v);
      row.push(String(v));
    }
    for (let k = 0; k < L; k++) row.push(rng.next() < 0.2 ? '1' : '0');
    out.push(row.join(','));
  }
  return { text: `${out.join('\n')}\n`, json: JSON.stringify(nums) };
}

function scoresCsv(rows: number) {
  const rng = createRng(10);
  const L = 983;
  const out: string[] = [];
  const nums: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let k = 0; k < L; k++) {
      const v = rng.next();
      const t = v.toFixed(7);
      nums.push(Number(t));
      row.push(t);
    }
    out.push(row.join(','));
  }
  return { text: `${out.join('\n')}\n`, json: JSON.stringify(nums) };
}

/** numpy.savetxt(f, scores, delimiter=',') with its default fmt '%.18e'. */
function savetxtCsv(rows: number) {
  const rng = createRng(12);
  const L = 983;
  const out: string[] = [];
  const nums: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let k = 0; k < L; k++) {
      const v = rng.next() ** 3;
      const t = v.toExponential(18).replace(/e([+-])(\d)$/, 'e$10$2');
      nums.push(v);
      row.push(t);
    }
    out.push(row.join(','));
  }
  return { text: `${out.join('\n')}\n`, json: JSON.stringify(nums) };
}

function truthCsv(rows: number) {
  const rng = createRng(13);
  const L = 983;
  const out = [Array.from({ length: L }, (_, k) => `label${k}`).join(',')];
  const nums: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let k = 0; k < L; k++) {
      // rare labels, as in text-scale data: most columns almost always 0
      const v = rng.next() < 0.02 + 0.2 / (k + 1) ? 1 : 0;
      nums.push(v);
      row.push(String(v));
    }
    out.push(row.join(','));
  }
  return { text: `${out.join('\n')}\n`, json: JSON.stringify(nums) };
}
