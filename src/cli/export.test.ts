/**
 * The exported model stands alone: a second ONNX runtime (onnxruntime-web's WASM build, not the
 * native onnxruntime-node that trains and predicts) fed raw rows with missing values gives the
 * probabilities `trainscope predict` prints, to 1e-5. Runs trained before exports stood alone
 * are upgraded by `trainscope export` and predict the same.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as web from 'onnxruntime-web';
import { denseDataset } from '../data/dataset.js';
import { gatherRange } from '../data/gather.js';
import { fillMissing } from '../data/moments.js';
import { applyScaler } from '../data/scaler.js';
import { emitOnnx } from '../engine/emit.js';
import { buildEvalGraph, PROBABILITIES } from '../engine/graphs.js';
import { evaluate } from '../engine/reference.js';
import { META_KEYS, readMetadata } from '../export/metadata.js';
import { takesRawFeatures } from '../export/standalone.js';
import { readWeights } from '../export/weights.js';
import { createRng } from '../model/rng.js';
import { RUN_FILES } from '../run/files.js';
import { train } from '../train/train.js';
import { VERSION } from '../version.js';
import { main } from './main.js';

const BIN = fileURLToPath(new URL('../../../bin/trainscope.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ts-export-'));
const LABELS = ['rain', 'wind, gusts', 'fog'];
web.env.wasm.numThreads = 1;

/**
 * Raw rows far from standardised: a year (mean 2013, spread 0.4: a float32 shift alone would
 * be off by a tenth of a std), counts, a tiny-scale reading, a large amount; labels from a
 * rule on them. `missing` is the share of feature cells left empty.
 */
function rawRows(rows: number, seed: number, missing: number): { x: number[][]; y: number[][] } {
  const rng = createRng(seed);
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const year = 2013 + 0.4 * rng.normal();
    const count = rng.int(50);
    const tiny = 1e-3 * rng.normal();
    const amount = 1e4 + 2e3 * rng.normal();
    const z = [rng.normal(), rng.normal(), rng.normal()];
    const row = [year, count, tiny, amount, ...z];
    y.push([
      (year - 2013) / 0.4 + z[0] > 0 ? 1 : 0,
      count / 25 - 1 + tiny * 800 > 0 ? 1 : 0,
      (amount - 1e4) / 2e3 - z[1] > 0.5 ? 1 : 0,
    ]);
    x.push(row.map((v) => (rng.next() < missing ? Number.NaN : v)));
  }
  return { x, y };
}

const FEATURES = ['year', 'count', 'tiny', 'amount', 'z1', 'z2', 'z3'];
const cell = (v: number) => (Number.isNaN(v) ? '' : String(v));
const quote = (s: string) => (s.includes(',') ? `"${s}"` : s);

function writeCsv(name: string, x: number[][], y?: number[][]): string {
  const header = [...FEATURES, ...(y ? LABELS : [])].map(quote).join(',');
  const lines = x.map((r, i) => [...r.map(cell), ...(y ? y[i].map(String) : [])].join(','));
  const path = join(dir, name);
  writeFileSync(path, `${header}\n${lines.join('\n')}\n`);
  return path;
}

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `trainscope predict RUN --data FILE` → the probabilities it prints, row-major. */
function predictCli(run: string, data: string): Float64Array {
  const out = join(dir, `pred-${Math.random().toString(36).slice(2)}.csv`);
  const r = cli('predict', run, '--data', data, '--out', out);
  assert.equal(r.code, 0, r.err);
  const lines = readFileSync(out, 'utf8').trim().split('\n').slice(1);
  return Float64Array.from(lines.flatMap((l) => l.split(',').slice(0, LABELS.length).map(Number)));
}

/** The same rows through onnxruntime-web (WASM) on the ONNX file alone. */
async function webProbabilities(model: Uint8Array, x: number[][]): Promise<Float32Array> {
  const session = await web.InferenceSession.create(model, { executionProviders: ['wasm'] });
  try {
    const flat = Float32Array.from(x.flat());
    const out = await session.run({ features: new web.Tensor('float32', flat, [x.length, FEATURES.length]) });
    return out[PROBABILITIES].data as Float32Array;
  } finally {
    await session.release();
  }
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const unseen = rawRows(300, 99, 0.1);
let unseenCsv: string;
const runs: Record<'scaled' | 'unscaled', string> = { scaled: '', unscaled: '' };

before(async () => {
  const data = rawRows(800, 7, 0.05);
  const trainCsv = writeCsv('train.csv', data.x, data.y);
  unseenCsv = writeCsv('unseen.csv', unseen.x);
  for (const kind of ['scaled', 'unscaled'] as const) {
    const r = await train({
      data: trainCsv,
      labels: 'last:3',
      impute: 'mean',
      standardize: kind === 'scaled',
      hidden: [16, 8],
      epochs: 4,
      lr: kind === 'scaled' ? 1e-2 : 1e-4,
      probes: 'none',
      doctor: false,
      threads: 1,
      logdir: dir,
      name: kind,
    });
    runs[kind] = r.runDir;
  }
});

for (const kind of ['scaled', 'unscaled'] as const) {
  test(`a run with --impute mean (${kind}): onnxruntime-web on raw rows matches trainscope predict`, async (t) => {
    const model = readFileSync(join(runs[kind], RUN_FILES.model));
    const fromPredict = predictCli(runs[kind], unseenCsv);
    const fromWeb = await webProbabilities(model, unseen.x);
    assert.ok(fromWeb.every(Number.isFinite), 'missing values are filled inside the model');
    // Without a scaler, amounts of 1e4 reach the network as they are: pre-activations of ~1e3,
    // where one float32 ulp is 1e-4, summed in another order by each runtime. With the scaler
    // (the product's default) both runtimes agree to 1e-5.
    const tolerance = kind === 'scaled' ? 1e-5 : 1e-4;
    const d = maxDiff(fromPredict, fromWeb);
    t.diagnostic(
      `max |p(onnxruntime-web) − p(trainscope predict)| = ${d.toExponential(2)} over ${fromWeb.length} cells`,
    );
    assert.ok(d <= tolerance, `max |Δp| ${d}`);
    // The predictions vary: a constant model would match trivially.
    assert.ok(Math.max(...fromWeb) - Math.min(...fromWeb) > 0.3, 'probabilities spread');
  });
}

test('the graph computes what the training-time preprocessing computes (float64 reference)', (t) => {
  const meta = JSON.parse(readFileSync(join(runs.scaled, RUN_FILES.meta), 'utf8'));
  assert.ok(meta.scaler && meta.imputeMeans, 'the run has a scaler and training means');
  const model = readFileSync(join(runs.scaled, RUN_FILES.model));
  const params = readWeights(model, meta.spec, 'model.onnx');
  // The trainer's route: fill with the training means, scale in float64 on gather, the network.
  const rows = unseen.x.length;
  const raw = denseDataset(Float32Array.from(unseen.x.flat()), new Uint8Array(rows * LABELS.length), {
    nRows: rows,
    featureNames: FEATURES,
    labelNames: LABELS,
    source: 'unseen',
  });
  fillMissing(raw, meta.imputeMeans);
  const scaled = new Float32Array(rows * FEATURES.length);
  gatherRange(applyScaler(meta.scaler, raw), 0, rows, scaled);
  const g = buildEvalGraph(meta.spec);
  const feeds = Object.fromEntries([
    ['features', { shape: [rows, FEATURES.length], data: Float64Array.from(scaled) }],
    ...params.map((p) => [p.name, { shape: p.shape, data: Float64Array.from(p.data) }]),
  ]);
  const out = g.outputs.find((o) => o.name === PROBABILITIES)!;
  const reference = evaluate(g, feeds, [out.node])[0].data;
  const d = maxDiff(reference, predictCli(runs.scaled, unseenCsv));
  t.diagnostic(`max |p(float64 reference) − p(trainscope predict)| = ${d.toExponential(2)}`);
  assert.ok(d <= 1e-5, `max |Δp| against the float64 reference ${d}`);
});

test('metadata_props name the labels, features, threshold and version', () => {
  const meta = readMetadata(readFileSync(join(runs.scaled, RUN_FILES.model)));
  assert.deepEqual(JSON.parse(meta[META_KEYS.labels]), LABELS);
  assert.deepEqual(JSON.parse(meta[META_KEYS.features]), FEATURES);
  assert.equal(meta[META_KEYS.threshold], '0.5');
  assert.equal(meta[META_KEYS.version], VERSION);
  assert.match(meta[META_KEYS.preprocessing], /training rows’ mean.*\(x − shift\) \/ scale/);
  const unscaled = readMetadata(readFileSync(join(runs.unscaled, RUN_FILES.model)));
  assert.match(unscaled[META_KEYS.preprocessing], /no scaling/);
});

test('a run saved before exports stood alone predicts the same, and trainscope export upgrades it', async () => {
  const run = runs.scaled;
  const modelFile = join(run, RUN_FILES.model);
  const before = predictCli(run, unseenCsv);
  // The old model.onnx: the bare network on standardised features, no metadata.
  const meta = JSON.parse(readFileSync(join(run, RUN_FILES.meta), 'utf8'));
  const params = readWeights(readFileSync(modelFile), meta.spec, modelFile);
  const old = emitOnnx(buildEvalGraph(meta.spec), {
    initializers: new Map(params.map((p) => [p.name, p.data])),
  });
  writeFileSync(modelFile, old);
  assert.equal(takesRawFeatures(old), false);
  // Fed raw rows, the old file is far off: the comparison above can tell them apart.
  const filled = unseen.x.map((r) => r.map((v, j) => (Number.isNaN(v) ? meta.imputeMeans[j] : v)));
  assert.ok(
    maxDiff(before, await webProbabilities(old, filled)) > 0.05,
    'the bare network needs scaled input',
  );

  assert.ok(maxDiff(before, predictCli(run, unseenCsv)) <= 1e-6, 'predict rebuilds the preprocessing');
  const out = join(dir, 'exported.onnx');
  const r = cli('export', run, '--out', out);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /7 raw features → 3 labels \(rain, wind, gusts, fog\), threshold 0\.5/);
  const exported = readFileSync(out);
  assert.equal(takesRawFeatures(exported), true);
  assert.ok(maxDiff(before, await webProbabilities(exported, unseen.x)) <= 1e-5);
  // In place: the run's own file becomes standalone again.
  assert.equal(cli('export', run, '--out', modelFile).code, 0);
  assert.equal(takesRawFeatures(readFileSync(modelFile)), true);
});

test('export: user mistakes are one line, no stack trace', async () => {
  const lines: string[] = [];
  const log = console.error;
  console.error = (...a: unknown[]) => lines.push(a.join(' '));
  try {
    for (const [args, re] of [
      [['export'], /missing RUN/],
      [['export', runs.scaled], /missing --out/],
      [['export', join(dir, 'nope'), '--out', join(dir, 'x.onnx')], /no such run directory/],
      [['export', dir, '--out', join(dir, 'x.onnx')], /not a trained run/],
      [['export', runs.scaled, '--out', join(dir, 'no-dir', 'x.onnx')], /cannot write the model \(ENOENT\)/],
    ] as [string[], RegExp][]) {
      lines.length = 0;
      assert.equal(await main(args), 2, args.join(' '));
      assert.equal(lines.length, 1, lines.join('\n'));
      assert.match(lines[0], re);
      assert.doesNotMatch(lines[0], /\bat \S+:\d+/);
    }
  } finally {
    console.error = log;
  }
});
