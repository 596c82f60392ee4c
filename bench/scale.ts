/**
 * `npm run bench -- scale`: trainscope against PyTorch on sparse, wide, many-label data — the
 * `text-like` preset (written once as sparse ARFF train/test files, so both sides read the same
 * file), tmc2007 and Corel5k from ../shared/data when present. Model: 256-128 ReLU, dropout 0.5,
 * Adam 1e-3, batch 128, Glorot init, the same standardisation (trainscope's fitted transform,
 * handed to the PyTorch side). Per side, in its own process: load s (read + prepare), training-only
 * s/epoch, whole-epoch s (training + per-epoch validation on the test rows: loss and the eight
 * logged metrics), peak RSS. The two sides alternate run by run at 1 thread and at all cores, and
 * every ratio compares numbers measured in the same run. On a shared machine wall times swing
 * with the load (printed); CPU seconds per epoch are printed beside them and are the steadier
 * comparison at one thread.
 *
 * Environment: SCALE_ROWS (text-like rows, default 100000), SCALE_EPOCHS (at least this many
 * epochs, default 5, the first is warm-up; the median of the rest is reported: JIT compilation
 * still shows in the second epoch), SCALE_MIN_ROWS (default 100000: small sets get more epochs,
 * so that the epochs after the warm-up train on at least this many rows),
 * SCALE_SETS (comma list of text-like,tmc2007,corel5k, or synthetic shapes such as
 * text-like:rows=16105,features=500,labels=983 or gaussian:rows=43907,features=120,labels=101,
 * or ARFF files with their labels last: TRAIN.arff|TEST.arff|LABELS),
 * SCALE_THREADS (e.g. "1"), SCALE_REPEATS
 * (default 1: processes per side and thread count, alternating which side goes first; each figure
 * is the median over repeats, each ratio the median of the per-repeat ratios with their range).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../src/data/dataset.js';
import { generateSynthetic, parseSyntheticSpec } from '../src/data/synthetic.js';
import { BENCH_MODEL, torchEnv } from './scale-config.js';

interface Epoch {
  train: number;
  trainCpu: number;
  whole: number;
  wholeCpu: number;
  aucMicro: number | null;
}
interface SideResult {
  load: { wall: number; cpu: number };
  epochs: Epoch[];
  maxRssMB: number;
}
interface BenchSet {
  name: string;
  train: string;
  test: string;
  labels: number;
}

const SHARED = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
const WORKER = fileURLToPath(new URL('./scale-worker.js', import.meta.url));
const TORCH = fileURLToPath(new URL('../../bench/scale_torch.py', import.meta.url));

/** A synthetic set as ARFF (sparse rows for CSR data), features then labels, the first 80% of rows train. */
function writeArff(ds: Dataset, dir: string, stem: string): { train: string; test: string } {
  const F = ds.nFeatures;
  const L = ds.nLabels;
  const header = [
    `@relation ${stem}`,
    ...ds.featureNames.map((n) => `@attribute ${n} numeric`),
    ...ds.labelNames.map((n) => `@attribute ${n} {0,1}`),
    '@data',
  ].join('\n');
  const store = ds.store;
  const row = (r: number): string => {
    const labels = Array.from({ length: L }, (_, l) => ds.y[r * L + l]);
    if (store.kind === 'dense') return [...store.values.subarray(r * F, (r + 1) * F), ...labels].join(',');
    const items: string[] = [];
    for (let k = store.rowStart[r]; k < store.rowStart[r + 1]; k++)
      items.push(`${store.cols[k]} ${store.values[k]}`);
    labels.forEach((v, l) => {
      if (v) items.push(`${F + l} 1`);
    });
    return `{${items.join(',')}}`;
  };
  const cut = Math.floor(ds.nRows * 0.8);
  const part = (from: number, to: number) => {
    const lines: string[] = [header];
    for (let r = from; r < to; r++) lines.push(row(r));
    return `${lines.join('\n')}\n`;
  };
  const train = join(dir, `${stem}-train.arff`);
  const test = join(dir, `${stem}-test.arff`);
  writeFileSync(train, part(0, cut));
  writeFileSync(test, part(cut, ds.nRows));
  return { train, test };
}

/** Data rows of an ARFF file (lines after @data that are neither blank nor comments). */
function arffRows(file: string): number {
  const text = readFileSync(file, 'latin1');
  const at = text.search(/^@data/im);
  let rows = 0;
  for (const line of text.slice(Math.max(at, 0)).split('\n').slice(1)) {
    const t = line.trim();
    if (t !== '' && !t.startsWith('%')) rows++;
  }
  return Math.max(1, rows);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function runOurs(set: BenchSet, threads: number, epochs: number, transform: string): SideResult {
  const out = execFileSync(
    process.execPath,
    [WORKER, set.train, set.test, `last:${set.labels}`, String(threads), String(epochs), transform],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  return JSON.parse(out.trim().split('\n').pop() as string);
}

function runTorch(set: BenchSet, threads: number, epochs: number, transform: string): SideResult {
  const out = execFileSync(
    '/usr/bin/python3',
    [
      TORCH,
      set.train,
      set.test,
      String(set.labels),
      transform,
      String(threads),
      String(epochs),
      JSON.stringify(BENCH_MODEL),
    ],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      env: torchEnv(threads),
    },
  );
  return JSON.parse(out.trim().split('\n').pop() as string);
}

const f = (v: number, d = 3) => v.toFixed(d);
const ratio = (theirs: number, ours: number) => `${(theirs / ours).toFixed(2)}x`;

/** Median over the epochs after the first (warm-up) of one field. */
function per(r: SideResult, key: keyof Epoch): number {
  const xs = r.epochs.slice(r.epochs.length > 1 ? 1 : 0).map((e) => e[key] as number);
  return median(xs);
}

export async function benchScale(): Promise<void> {
  if (spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) {
    console.log('PyTorch: not available (/usr/bin/python3 -c "import torch" failed): no comparison to make');
    return;
  }
  const rows = Number(process.env.SCALE_ROWS ?? 100_000);
  const minEpochs = Number(process.env.SCALE_EPOCHS ?? 5);
  const minRows = Number(process.env.SCALE_MIN_ROWS ?? 100_000);
  const repeats = Math.max(1, Number(process.env.SCALE_REPEATS ?? 1));
  // Comma-separated; a `key=value` piece belongs to the set before it (text-like:rows=…,labels=…).
  const wanted: string[] = [];
  for (const piece of (process.env.SCALE_SETS ?? 'text-like,tmc2007,corel5k').split(',')) {
    if (piece.includes('=') && !piece.includes(':') && wanted.length)
      wanted[wanted.length - 1] += `,${piece}`;
    else wanted.push(piece);
  }
  const cores = availableParallelism();
  const threadCounts = process.env.SCALE_THREADS
    ? process.env.SCALE_THREADS.split(',').map(Number)
    : cores > 1
      ? [1, cores]
      : [1];
  const dir = mkdtempSync(join(tmpdir(), 'trainscope-scale-'));
  try {
    const sets: BenchSet[] = [];
    // `text-like` is the preset at SCALE_ROWS rows; `text-like:KEY=V,…` any other shape of it
    // (e.g. text-like:rows=7400,features=1836,labels=159,density=0.015 for a bibtex-like set),
    // and the dense presets the same way (gaussian:rows=43907,features=120,labels=101,… ).
    const synthetic = (w: string) => ['text-like', 'gaussian', 'seed-like'].includes(w.split(':')[0]);
    for (const [i, spec] of wanted.filter(synthetic).entries()) {
      const ds = generateSynthetic(
        parseSyntheticSpec(spec === 'text-like' ? `text-like:rows=${rows}` : spec),
      );
      const name = spec === 'text-like' ? `text-like (${rows} rows)` : spec;
      sets.push({ name, ...writeArff(ds, dir, `synthetic-${i}`), labels: ds.nLabels });
    }
    const shared = (name: string, train: string, test: string, labels: number) => {
      if (!wanted.includes(name)) return;
      if (!existsSync(join(SHARED, train))) {
        console.log(`${name}: ${join(SHARED, train)} not found, skipped`);
        return;
      }
      sets.push({ name, train: join(SHARED, train), test: join(SHARED, test), labels });
    };
    // Any other ARFF pair with its labels last: TRAIN|TEST|LABELS (e.g. a MULAN bibtex download).
    for (const w of wanted.filter((x) => x.includes('|'))) {
      const [train, test, labels] = w.split('|');
      const n = Number(labels);
      if (!train || !test || !Number.isInteger(n) || n < 1)
        throw new Error(
          `SCALE_SETS: '${w}' is not TRAIN.arff|TEST.arff|LABELS (labels = the last N attributes)`,
        );
      for (const file of [train, test])
        if (!existsSync(file)) throw new Error(`SCALE_SETS: ${file} not found`);
      sets.push({ name: basename(train), train, test, labels: n });
    }
    shared('tmc2007', 'tmc2007/tmc2007-500-train.arff', 'tmc2007/tmc2007-500-test.arff', 22);
    shared('corel5k', 'corel5k/Corel5k-train-sparse.arff', 'corel5k/Corel5k-test-sparse.arff', 374);
    console.log(
      `model ${BENCH_MODEL.hidden.join('-')} ReLU, dropout ${BENCH_MODEL.dropout}, Adam ${BENCH_MODEL.lr}, batch ${BENCH_MODEL.batchSize}; ` +
        `at least ${minEpochs} epochs per process and ${minRows} training rows after the first (warm-up) epoch; median epoch of the rest; ratios = PyTorch time / trainscope time (> 1: trainscope faster)`,
    );
    for (const set of sets) {
      // Small sets get more epochs, so a side's median rests on ≥ minRows rows of training and
      // not on a few 40 ms epochs (a moment's load on the shared cores moved those by 2×).
      const epochs = Math.max(minEpochs, 1 + Math.ceil(minRows / arffRows(set.train)));
      const transform = join(dir, `${sets.indexOf(set)}-transform.json`);
      const best = { ours: Number.POSITIVE_INFINITY, theirs: Number.POSITIVE_INFINITY, oursW: 0, theirsW: 0 };
      for (const threads of threadCounts) {
        const la = loadavg()[0];
        // Repeats alternate which side goes first, so a load swing hits both alike.
        const pairs: { ours: SideResult; theirs: SideResult }[] = [];
        for (let r = 0; r < repeats; r++) {
          if (r % 2 === 0) {
            const ours = runOurs(set, threads, epochs, transform);
            pairs.push({ ours, theirs: runTorch(set, threads, epochs, transform) });
          } else {
            const theirs = runTorch(set, threads, epochs, transform);
            pairs.push({ ours: runOurs(set, threads, epochs, transform), theirs });
          }
        }
        const lb = loadavg()[0];
        console.log(
          `\n${set.name}: ${pairs[0].ours.epochs.length} epochs, ${threads} thread(s), ${repeats} repeat(s), load average ${f(la, 1)} → ${f(lb, 1)} on ${cores} cores`,
        );
        const show = (what: string, of: (r: SideResult) => number) => {
          const ours = pairs.map((p) => of(p.ours));
          const theirs = pairs.map((p) => of(p.theirs));
          const ratios = pairs.map((p) => of(p.theirs) / of(p.ours));
          const spread =
            repeats > 1 ? ` (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})` : '';
          console.log(
            `  ${what.padEnd(22)} trainscope ${f(median(ours)).padStart(8)}  PyTorch ${f(median(theirs)).padStart(8)}  ratio ${median(ratios).toFixed(2)}x${spread}`,
          );
        };
        show('train s/epoch (wall)', (r) => per(r, 'train'));
        show('train s/epoch (CPU)', (r) => per(r, 'trainCpu'));
        show('whole epoch s (wall)', (r) => per(r, 'whole'));
        show('whole epoch s (CPU)', (r) => per(r, 'wholeCpu'));
        show('load s (wall)', (r) => r.load.wall);
        show('peak RSS MB', (r) => r.maxRssMB);
        const auc = (r: SideResult) => f(r.epochs[r.epochs.length - 1].aucMicro ?? Number.NaN);
        console.log(
          `  ${'val ROC AUC micro'.padEnd(22)} trainscope ${auc(pairs[0].ours).padStart(8)}  PyTorch ${auc(pairs[0].theirs).padStart(8)}`,
        );
        const oursTrain = median(pairs.map((p) => per(p.ours, 'train')));
        const theirsTrain = median(pairs.map((p) => per(p.theirs, 'train')));
        if (oursTrain < best.ours) [best.ours, best.oursW] = [oursTrain, threads];
        if (theirsTrain < best.theirs) [best.theirs, best.theirsW] = [theirsTrain, threads];
      }
      if (threadCounts.length > 1)
        console.log(
          `  best of each (train, wall): trainscope ${f(best.ours)} s (${best.oursW} thr), PyTorch ${f(best.theirs)} s (${best.theirsW} thr): ${ratio(best.theirs, best.ours)}`,
        );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchScale();
